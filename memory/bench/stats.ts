/** Percentiles and the printed table. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const ms = (v: number) => (Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(2) : v.toFixed(1));
export const mib = (bytes: number) => (Number.isNaN(bytes) ? "-" : `${Math.round(bytes / 1024 / 1024)} MiB`);
export const rate = (v: number) => (Number.isNaN(v) ? "-" : Math.round(v).toLocaleString("en-US"));
/** A size: bytes below 1 KiB, one decimal below 10 KiB, whole and grouped above. */
export const kib = (bytes: number) =>
  !Number.isFinite(bytes)
    ? "-"
    : bytes < 1024
      ? `${bytes} B`
      : bytes < 10240
        ? `${(bytes / 1024).toFixed(1)} KiB`
        : `${rate(bytes / 1024)} KiB`;

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

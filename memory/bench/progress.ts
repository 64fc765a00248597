/**
 * Progress of the bench's long phases on stderr: cli-progress bars on a terminal; piped to a file
 * or a CI log (where redrawn bars come out as raw templates), one plain line per phase every 10 s
 * and when it ends.
 */
import cliProgress from "cli-progress";

export interface PhaseBar {
  update(value: number): void;
  /** The phase is over: its bar goes away (terminal) or its last line is printed (log). */
  done(): void;
}

const LOG_EVERY_MS = 10_000;

export function progress(stream: NodeJS.WriteStream = process.stderr) {
  const bars = stream.isTTY
    ? new cliProgress.MultiBar(
        { stream, format: "{phase} [{bar}] {value}/{total} {unit}", hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  return {
    create(total: number, phase: string, unit: string): PhaseBar {
      if (bars) {
        const bar = bars.create(total, 0, { phase, unit });
        return { update: (v) => bar.update(v), done: () => bars.remove(bar) };
      }
      let value = 0;
      let logged = performance.now();
      const line = () =>
        stream.write(`${phase}: ${value.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${unit}\n`);
      return {
        update(v) {
          value = v;
          if (performance.now() - logged >= LOG_EVERY_MS) {
            logged = performance.now();
            line();
          }
        },
        done: line,
      };
    },
    stop: () => bars?.stop(),
  };
}

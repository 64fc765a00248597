/**
 * Time-ordered ids (UUID version 7, RFC 9562): 48 bits of milliseconds, then randomness. Rows
 * keyed by them are appended at the end of their indexes instead of landing on a random page,
 * so a commit dirties a few pages rather than one per new row.
 */
import { randomFillSync } from "node:crypto";

const bytes = new Uint8Array(16);
// One getrandom call per 256 ids instead of one per id: an episode makes several ids.
const pool = new Uint8Array(16 * 256);
let poolAt = pool.length;
let lastMs = 0;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  bytes.set(pool.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  // Within one millisecond, a 12-bit counter keeps ids strictly increasing (RFC 9562, method 1).
  if (now <= lastMs) {
    counter = (counter + 1) & 0xfff;
    if (counter === 0) lastMs++;
    now = lastMs;
  } else {
    lastMs = now;
    counter = 0;
  }
  bytes[0] = (now / 2 ** 40) & 0xff;
  bytes[1] = (now / 2 ** 32) & 0xff;
  bytes[2] = (now >>> 24) & 0xff;
  bytes[3] = (now >>> 16) & 0xff;
  bytes[4] = (now >>> 8) & 0xff;
  bytes[5] = now & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

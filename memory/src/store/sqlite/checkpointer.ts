/**
 * WAL checkpoints on the other core. SQLite's automatic checkpoint runs inside whichever commit
 * crosses the threshold, on the one thread that also answers recalls: with a large WAL that commit
 * (and every request queued behind it) stalls for up to a second. Here a worker thread with its
 * own connection copies the WAL back into the database whenever it has grown past a few MiB, in
 * PASSIVE mode, which never blocks the writer or a reader. The main connection keeps a far higher
 * automatic threshold as a safety net should the worker ever stop.
 *
 * The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest
 * and a build: no TypeScript loader is needed in the thread.
 */
import { DRIVER_PATH } from "./driver.js";
import { Worker } from "node:worker_threads";

export interface CheckpointerOptions {
  /** Checkpoint once the WAL file is larger than this. */
  walBytes?: number;
  /** How often the worker looks at the WAL's size. */
  intervalMs?: number;
}

export interface Checkpointer {
  /** Ends the worker and closes its connection. */
  readonly stop: () => Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { statSync } = require("node:fs");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 0");
let timer = null;
const tick = () => {
  let size = 0;
  try { size = statSync(workerData.path + "-wal").size; } catch {}
  if (size > workerData.walBytes) {
    try {
      const [r] = db.pragma("wal_checkpoint(PASSIVE)");
      parentPort.postMessage({ checkpointed: r ? r.checkpointed : 0 });
    } catch {
      // Busy or locked: the next tick tries again.
    }
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
tick();
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(
  path: string,
  options: CheckpointerOptions = {},
  onCheckpoint?: (pages: number) => void,
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver: DRIVER_PATH,
      walBytes: options.walBytes ?? 8 * 1024 * 1024,
      intervalMs: options.intervalMs ?? 200,
    },
  });
  // Never what keeps a process alive; a failed worker leaves the automatic checkpoint in charge.
  worker.unref();
  worker.on("error", () => {});
  worker.on("message", (m: { checkpointed?: number }) => {
    if (m.checkpointed) onCheckpoint?.(m.checkpointed);
  });
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        // Held until it has gone: an unref'd worker alone would let the process exit mid-await.
        worker.ref();
        worker.postMessage("stop");
        // A worker stuck in a long checkpoint still goes within a second.
        setTimeout(() => void worker.terminate(), 1000).unref();
      });
      return stopped;
    },
  };
}

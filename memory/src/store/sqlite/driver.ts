/**
 * The better-sqlite3 build this Node can run; the embedded store opens every connection with it.
 *
 * - 12.x wraps its objects with V8's `node::ObjectWrap`. On Node 24 a garbage-collected statement's
 *   destructor can run with no current Environment and aborts the whole process ("Assertion failed:
 *   (env) != nullptr" in `RemoveEnvironmentCleanupHook`, WiseLibs/better-sqlite3#1515), during
 *   normal work, not only at exit. Production runs Node 24.
 * - 13.x is built on Node-API and fixes that, but needs Node >= 22: on Node 20 it segfaults.
 *
 * So both are installed (13.x under the alias `better-sqlite3-napi`, 12.x as an optional
 * dependency) and the running Node picks. Their JavaScript API is the same.
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";

const require = createRequire(import.meta.url);

/** The package a Node of this major version loads. */
export function driverFor(nodeVersion: string): "better-sqlite3" | "better-sqlite3-napi" {
  return Number(nodeVersion.split(".")[0]) >= 22 ? "better-sqlite3-napi" : "better-sqlite3";
}

export const DRIVER = driverFor(process.versions.node);

/**
 * Loads a driver, or says which one is missing and why. 12.x is an optional dependency (a Node 24
 * image never loads it, and building it there needs a compiler), so on Node 20 a failed build
 * shows up here rather than at install.
 */
export function loadDriver(name: string, load: (id: string) => unknown = require): unknown {
  try {
    return load(name);
  } catch (err) {
    throw new Error(
      `cannot load ${name}, the SQLite driver for Node ${process.versions.node}: ${(err as Error).message}. ` +
        "Reinstall with `npm ci` (building better-sqlite3 12 for Node < 22 needs python3, make and a C++ compiler).",
    );
  }
}

/** `new Database(path)`, as with `import Database from "better-sqlite3"`. */
export const Database = loadDriver(DRIVER) as typeof BetterSqlite3;

/** Its entry file, for the checkpoint worker, which loads the same build in its own thread. */
export const DRIVER_PATH = require.resolve(DRIVER);

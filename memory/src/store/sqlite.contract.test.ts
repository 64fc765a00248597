import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStoreContract } from "./contract.js";
import { openSqliteStore } from "./sqlite/index.js";

runStoreContract("sqlite (in memory)", async () => openSqliteStore(":memory:"));
runStoreContract("sqlite (file, WAL)", async () =>
  openSqliteStore(join(mkdtempSync(join(tmpdir(), "ocm-contract-")), "memory.db")),
);

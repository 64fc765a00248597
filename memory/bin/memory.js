#!/usr/bin/env node
// The `memory` command: loads the TypeScript CLI through tsx's ESM loader (no build step), so
// `npx memory ...` and `npm exec -w memory -- memory ...` run the sources directly.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");

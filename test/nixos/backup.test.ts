/**
 * The backup job end to end on this machine: a loop-mounted Btrfs image holds /persist and the
 * snapshots, s3rver is the B2 S3 endpoint, a real memory service is exported from; then the restore
 * script brings the data files back and imports the memory into a fresh service, whose export must
 * equal the original. Retention is checked with snapshots of faked ages.
 */
import { createSocket } from "node:dgram";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MemoryService, startMemoryService } from "../support/memory-service.js";
import { type Child, freePort, startChild } from "../support/processes.js";
import { nixEval, requireTool, ROOT, run, SCRIPTS } from "./tools.js";

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn("backup.test.ts: SKIPPED, mounting a loop Btrfs image needs root (uid 0)");

const TOKEN = randomBytes(24).toString("hex");
const work = mkdtempSync(join(tmpdir(), "nixos-backup-"));
const mnt = join(work, "btrfs");
const persist = join(mnt, "persist");
const snapshots = join(mnt, "snapshots");
let mounted = false;
let s3: Child | undefined;
let memory: MemoryService | undefined;
let restored: MemoryService | undefined;
let statsd: ReturnType<typeof createSocket> | undefined;
const datagrams: string[] = [];
let env: NodeJS.ProcessEnv = {};

function sh(cmd: string, args: string[]) {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

async function exportAll(url: string): Promise<Record<string, string>> {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const { groups } = (await (await fetch(`${url}/v1/groups`, { headers: auth })).json()) as {
    groups: { group: string }[];
  };
  const out: Record<string, string> = {};
  for (const { group } of groups) {
    const r = await fetch(`${url}/v1/export?group=${group}`, { headers: auth });
    out[group] = await r.text();
  }
  return out;
}

describe.skipIf(!isRoot)("backup and restore", () => {
  beforeAll(async () => {
    for (const [tool, pkg] of [
      ["btrfs", "btrfs-progs"],
      ["rclone", "rclone"],
      ["jq", "jq"],
      ["curl", "curl"],
    ] as const) {
      requireTool(tool, pkg);
    }
    // /persist and /snapshots as subvolumes of one Btrfs filesystem, as disko lays them out.
    const image = join(work, "disk.img");
    sh("truncate", ["-s", "256M", image]);
    sh("mkfs.btrfs", ["-q", image]);
    mkdirSync(mnt);
    sh("mount", ["-o", "loop,compress=zstd", image, mnt]);
    mounted = true;
    sh("btrfs", ["subvolume", "create", persist]);
    sh("btrfs", ["subvolume", "create", snapshots]);
    for (const [dir, file] of [
      ["containers/falkordb", "dump.rdb"],
      ["containers/valkey", "appendonly.aof"],
    ] as const) {
      mkdirSync(join(persist, dir), { recursive: true });
      writeFileSync(join(persist, dir, file), randomBytes(200_000));
    }

    const s3Port = await freePort();
    mkdirSync(join(work, "s3"));
    s3 = startChild(
      "s3rver",
      join(ROOT, "node_modules/.bin/s3rver"),
      [
        "-d",
        join(work, "s3"),
        "-a",
        "127.0.0.1",
        "-p",
        String(s3Port),
        "--configure-bucket",
        "ocm-backups",
        "--no-vhost-buckets",
      ],
      { env: process.env },
    );
    await s3.waitFor(/listening|started/i, 20_000);

    // A DogStatsD listener where the agent would be.
    statsd = createSocket("udp4");
    statsd.on("message", (m) => datagrams.push(m.toString()));
    await new Promise<void>((r) => statsd!.bind(0, "127.0.0.1", r));

    memory = await startMemoryService({ store: `sqlite:${join(work, "memory.db")}`, token: TOKEN });
    for (const [group, content] of [
      ["alpha", "We moved the API from Express to Hono."],
      ["alpha", "The test suite runs with vitest."],
      ["beta", "Deploys go through Pulumi on Hetzner."],
    ]) {
      const r = await fetch(`${memory.url}/v1/episodes`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ group, kind: "user_message", content }),
      });
      expect(r.status).toBe(201);
    }

    const metrics = nixEval<Record<string, string>>("import ./lib/backup-metrics.nix");
    const clean = { ...process.env };
    // This environment sets AWS_CA_BUNDLE, which makes rclone 1.60 fail on plain-HTTP endpoints.
    delete clean.AWS_CA_BUNDLE;
    env = {
      ...clean,
      ...metrics,
      PERSIST_DIR: persist,
      SNAPSHOT_DIR: snapshots,
      STATUS_FILE: join(work, "status", "status.json"),
      STAGING_DIR: work,
      MEMORY_URL: memory.url,
      MEMORY_TOKEN: TOKEN,
      B2_KEY_ID: "S3RVER",
      B2_APPLICATION_KEY: "S3RVER",
      B2_BUCKET: "ocm-backups",
      B2_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      BACKUP_HOST: "test-host",
      DD_AGENT_HOST: "127.0.0.1",
      DD_DOGSTATSD_PORT: String((statsd.address() as { port: number }).port),
    };
  });

  afterAll(async () => {
    await memory?.stop();
    await restored?.stop();
    await s3?.stop();
    statsd?.close();
    if (mounted) run("umount", [mnt]);
    rmSync(work, { recursive: true, force: true });
  });

  it("backs up, emits the metrics, writes the status file, and restores identical memory and data", async () => {
    const before = await exportAll(memory!.url);
    expect(Object.keys(before).sort()).toEqual(["alpha", "beta"]);

    const started = Date.now() / 1000;
    const backup = run("bash", [join(SCRIPTS, "backup.sh")], { env });
    expect(backup.stderr).not.toContain(TOKEN);
    expect(backup.status, backup.stderr).toBe(0);

    // One read-only snapshot, named with the run's UTC timestamp.
    const snaps = sh("ls", [snapshots]).trim().split("\n");
    expect(snaps).toHaveLength(1);
    const stamp = snaps[0]!.replace("persist-", "");
    expect(stamp).toMatch(/^\d{8}T\d{6}Z$/);
    expect(sh("btrfs", ["property", "get", join(snapshots, snaps[0]!), "ro"]).trim()).toBe("ro=true");

    // Objects under <dataset>-<timestamp>/ in the bucket.
    const listing = run("rclone", ["lsf", "-R", "b2:ocm-backups"], { env: { ...env, ...rcloneEnv(env) } });
    expect(listing.stdout.split("\n").filter(Boolean).sort()).toEqual(
      [
        `falkordb-${stamp}/`,
        `falkordb-${stamp}/dump.rdb`,
        `memory-${stamp}/`,
        `memory-${stamp}/alpha.ndjson`,
        `memory-${stamp}/beta.ndjson`,
        `memory-${stamp}/manifest.json`,
        `valkey-${stamp}/`,
        `valkey-${stamp}/appendonly.aof`,
      ].sort(),
    );

    // The status file the dashboard reads, and the gauges the monitors watch.
    const status = JSON.parse(readFileSync(env.STATUS_FILE!, "utf8"));
    expect(status.lastSuccess).toBeGreaterThanOrEqual(Math.floor(started));
    expect(status.bytes).toBeGreaterThan(400_000);
    expect(status.timestamp).toBe(stamp);
    await new Promise((r) => setTimeout(r, 200));
    expect(datagrams).toContain(`ocm.backup.last_success:${status.lastSuccess}|g|#host:test-host`);
    expect(datagrams).toContain(`ocm.backup.bytes:${status.bytes}|g|#host:test-host`);
    expect(datagrams.some((d) => d.startsWith("ocm.backup.duration:"))).toBe(true);

    // Disaster: the data files are lost and the memory store is gone.
    const originalRdb = readFileSync(join(persist, "containers/falkordb/dump.rdb"));
    rmSync(join(persist, "containers"), { recursive: true });
    restored = await startMemoryService({ store: `sqlite:${join(work, "restored.db")}`, token: TOKEN });
    const restore = run("bash", [join(SCRIPTS, "restore.sh"), "--timestamp", "latest"], {
      env: { ...env, MEMORY_URL: restored.url },
    });
    expect(restore.status, restore.stderr).toBe(0);
    expect(readFileSync(join(persist, "containers/falkordb/dump.rdb")).equals(originalRdb)).toBe(true);
    expect(await exportAll(restored.url)).toEqual(before);
  });

  it("fails loudly, counting a failure, when the bucket is unreachable", async () => {
    datagrams.length = 0;
    const r = run("bash", [join(SCRIPTS, "backup.sh")], {
      env: { ...env, B2_S3_ENDPOINT: "http://127.0.0.1:1" },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/FAILED/);
    await new Promise((res) => setTimeout(res, 200));
    expect(datagrams).toContain("ocm.backup.failures:1|c|#host:test-host");
  });

  it("retention deletes exactly the snapshots older than 30 days, whatever their mtime", () => {
    // /persist's own mtime is faked to 90 days ago: a snapshot's root inherits it, so an mtime-based
    // rule would delete even the newest snapshot.
    const old = new Date(Date.now() - 90 * 86400_000);
    utimesSync(persist, old, old);
    const now = Math.floor(Date.now() / 1000);
    const name = (daysAgo: number) =>
      `persist-${new Date((now - daysAgo * 86400) * 1000)
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z")}`;
    const ages = { a: 45, b: 30.01, c: 29.99, d: 1 } as const;
    for (const days of Object.values(ages)) {
      sh("btrfs", ["subvolume", "snapshot", "-r", persist, join(snapshots, name(days))]);
    }
    const before = sh("ls", [snapshots]).trim().split("\n");
    const r = run("bash", [join(SCRIPTS, "prune-snapshots.sh"), snapshots, "30", String(now)]);
    expect(r.status, r.stderr).toBe(0);
    const after = sh("ls", [snapshots]).trim().split("\n");
    expect(before.filter((s) => !after.includes(s)).sort()).toEqual([name(ages.a), name(ages.b)].sort());
    expect(after).toContain(name(ages.c));
    expect(after).toContain(name(ages.d));
  });
});

/** The rclone remote as backup.sh builds it, for listing the bucket from the test. */
function rcloneEnv(e: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    RCLONE_CONFIG_B2_TYPE: "s3",
    RCLONE_CONFIG_B2_PROVIDER: "Other",
    RCLONE_CONFIG_B2_ENDPOINT: e.B2_S3_ENDPOINT,
    RCLONE_CONFIG_B2_ACCESS_KEY_ID: e.B2_KEY_ID,
    RCLONE_CONFIG_B2_SECRET_ACCESS_KEY: e.B2_APPLICATION_KEY,
    RCLONE_CONFIG_B2_FORCE_PATH_STYLE: "true",
  };
}

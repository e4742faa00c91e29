/**
 * Builds a benchmark database: one organization with a connected HaloPSA tenant, `people` mapped agents and
 * `events` timeline rows spread over the last `days` days (1,000,000 / 50 / 90 by default).
 *
 *   tsx bench/seed-database.mts [--events=1000000] [--people=50] [--days=90] [--rebuild]
 *
 * The file is built once per set of parameters (and per set of migrations) under data/ and reused: callers copy it
 * with `copyBenchDatabase` before writing to it. Rows go in through better-sqlite3 in large transactions, with the
 * timeline's indexes dropped during the load and rebuilt after it (one sort instead of a million B-tree inserts).
 */
import { createHash } from "node:crypto";
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { hash } from "@node-rs/argon2";
import Database from "better-sqlite3";
import { migrateDatabase } from "../scripts/migrate.mts";

export const BENCH_PASSWORD = "correct-horse-battery";
export const BENCH_ORGANIZATION_ID = "bench-organization";
export const BENCH_CONNECTION_ID = "bench-connection";
/** Halo agent ids 3, 4, 5, … are mapped to people 1, 2, 3, …; this one is left unmapped. */
export const UNMAPPED_AGENT_ID = 999;
const FIRST_AGENT_ID = 3;
const WEBHOOK_USERNAME = "bench-webhook";
const WEBHOOK_PASSWORD = "bench-webhook-password-for-loopback-only";
export const BENCH_AUTHORIZATION = `Basic ${Buffer.from(`${WEBHOOK_USERNAME}:${WEBHOOK_PASSWORD}`).toString("base64")}`;
// Bump when the seeded content changes, so cached files are rebuilt.
const SEED_VERSION = 1;

export interface SeedParameters {
  events: number;
  people: number;
  days: number;
}

export const DEFAULT_SEED: SeedParameters = { events: 1_000_000, people: 50, days: 90 };

export interface BenchWorkspace {
  organizationId: string;
  connectionId: string;
  authorization: string;
  /** Person 1 is a manager (the bench signs in as them) whom everyone else reports to, person 2 an admin, the rest managers. */
  managerId: string;
  managerEmail: string;
  adminEmail: string;
  people: { id: string; email: string; haloAgentId: number }[];
}

export function benchWorkspace(people: number): BenchWorkspace {
  const list = Array.from({ length: people }, (_, index) => ({
    id: `bench-person-${String(index + 1).padStart(3, "0")}`,
    email: `person${index + 1}@bench.example`,
    haloAgentId: FIRST_AGENT_ID + index,
  }));
  return {
    organizationId: BENCH_ORGANIZATION_ID,
    connectionId: BENCH_CONNECTION_ID,
    authorization: BENCH_AUTHORIZATION,
    managerId: list[0]!.id,
    managerEmail: list[0]!.email,
    adminEmail: list[1]?.email ?? list[0]!.email,
    people: list,
  };
}

function migrationsFingerprint(): string {
  const names = readdirSync(path.resolve("prisma/migrations")).filter((name) => /^\d/.test(name)).sort();
  return createHash("sha256").update(names.join("\n")).digest("hex").slice(0, 10);
}

export function benchDatabasePath(parameters: SeedParameters): string {
  const { events, people, days } = parameters;
  return path.resolve("data", `bench-${events}e-${people}p-${days}d-v${SEED_VERSION}-${migrationsFingerprint()}.db`);
}

/** Returns the path of a built database for these parameters, building it first when there is none. */
export async function benchDatabase(
  parameters: SeedParameters = DEFAULT_SEED,
  options: { rebuild?: boolean; log?: (line: string) => void } = {},
): Promise<string> {
  const file = benchDatabasePath(parameters);
  if (existsSync(file) && !options.rebuild) return file;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const building = `${file}.building-${process.pid}`;
  removeDatabase(building);
  await migrateDatabase(`file:${building}`);
  await fillBenchDatabase(building, parameters);
  renameSync(building, file);
  log(`built ${path.relative(process.cwd(), file)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

/** Copies a built database to `target` (replacing it), so a benchmark can write without touching the cache. */
export function copyBenchDatabase(source: string, target: string) {
  removeDatabase(target);
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  copyFileSync(source, target, constants.COPYFILE_FICLONE);
}

export function removeDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}

/** A small deterministic generator (mulberry32), so every build of the same parameters holds the same rows. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const STATUS_NAMES: Record<number, string> = { 1: "New", 2: "In Progress", 3: "Waiting on Customer", 8: "Resolved", 9: "Closed" };
const STATUSES = Object.values(STATUS_NAMES);

/** Seeds an empty, migrated database file (also used by the query-plan test on its own small database). */
export async function fillBenchDatabase(file: string, { events, people, days }: SeedParameters) {
  const workspace = benchWorkspace(people);
  const passwordHash = await hash(BENCH_PASSWORD);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -200000");
  const endsAt = Date.now();
  const startsAt = endsAt - days * 86_400_000;
  const stamp = iso(startsAt);

  sqlite.transaction(() => {
    sqlite.prepare(`INSERT INTO "Organization" ("id", "name", "createdAt") VALUES (?, ?, ?)`).run(workspace.organizationId, "Bench MSP", stamp);
    const insertUser = sqlite.prepare(`INSERT INTO "User" ("id", "organizationId", "email", "name", "passwordHash", "role", "managerId", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Everyone reports to person 1, so the manager the bench signs in as sees every row.
    workspace.people.forEach((person, index) =>
      insertUser.run(person.id, workspace.organizationId, person.email, `Bench Person ${index + 1}`, passwordHash, index === 1 ? "admin" : "manager",
        index === 0 ? null : workspace.managerId, stamp, stamp),
    );
    sqlite.prepare(`INSERT INTO "HaloConnection" ("id", "organizationId", "tenantUrl", "apiBaseUrl", "tokenUrl", "clientId", "status",
        "webhookId", "webhookUsername", "webhookPasswordHash", "statusNames", "connectedAt", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?)`).run(
      workspace.connectionId, workspace.organizationId, "https://bench.halopsa.com", "https://bench.halopsa.com/api",
      "https://bench.halopsa.com/auth/token", "bench", "bench-webhook-id", WEBHOOK_USERNAME,
      createHash("sha256").update(WEBHOOK_PASSWORD).digest("hex"), JSON.stringify(STATUS_NAMES), stamp, stamp, stamp,
    );
    const insertAgent = sqlite.prepare(`INSERT INTO "HaloAgent" ("id", "connectionId", "haloAgentId", "name", "userId", "mappedBy", "mappedAt", "createdAt", "updatedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const person of workspace.people) {
      insertAgent.run(`bench-agent-${person.haloAgentId}`, workspace.connectionId, person.haloAgentId, `Agent ${person.haloAgentId}`, person.id, "email", stamp, stamp, stamp);
    }
    insertAgent.run(`bench-agent-${UNMAPPED_AGENT_ID}`, workspace.connectionId, UNMAPPED_AGENT_ID, "Unmapped agent", null, null, null, stamp, stamp);
  })();

  // Load without the timeline's indexes, then rebuild each from its own CREATE statement.
  const indexes = sqlite
    .prepare(`SELECT "name", "sql" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'TimelineEvent' AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);

  const insertEvent = sqlite.prepare(`INSERT INTO "TimelineEvent"
    ("id", "organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "statusName", "occurredAt", "createdAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const next = random(events * 31 + people * 7 + days);
  const step = (endsAt - startsAt) / Math.max(events, 1);
  // Whole seconds, as Halo sends them, in buckets of about three rows, so rows share instants and the keyset's id
  // tie-break is exercised at every size.
  const bucket = Math.max(1000, Math.round((step * 3) / 1000) * 1000);
  const CHUNK = 50_000;
  for (let done = 0; done < events; done += CHUNK) {
    sqlite.transaction(() => {
      for (let index = done; index < Math.min(done + CHUNK, events); index++) {
        const person = workspace.people[Math.floor(next() * people)]!;
        const roll = next();
        const kind = roll < 0.2 ? "ticket_created" : roll < 0.65 ? "status_changed" : roll < 0.85 ? "agent_assigned" : "user_replied";
        const occurredAt = Math.floor((startsAt + index * step) / bucket) * bucket;
        insertEvent.run(
          index + 1, workspace.organizationId, workspace.connectionId, person.id, person.haloAgentId,
          100_000 + Math.floor(next() * 60_000), kind, kind === "status_changed" ? STATUSES[Math.floor(next() * STATUSES.length)]! : null,
          iso(occurredAt), iso(occurredAt + 150),
        );
      }
    })();
  }
  for (const index of indexes) sqlite.exec(index.sql);
  sqlite.exec("ANALYZE");
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}

function flag(name: string): string | undefined {
  return process.argv.find((value) => value.startsWith(`--${name}=`))?.split("=")[1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const parameters: SeedParameters = {
    events: Number(flag("events") ?? DEFAULT_SEED.events),
    people: Number(flag("people") ?? DEFAULT_SEED.people),
    days: Number(flag("days") ?? DEFAULT_SEED.days),
  };
  if (!Object.values(parameters).every((value) => Number.isInteger(value) && value > 0)) {
    console.error("--events, --people and --days must be positive whole numbers");
    process.exit(2);
  }
  const rebuild = process.argv.includes("--rebuild");
  const cached = existsSync(benchDatabasePath(parameters)) && !rebuild;
  const file = await benchDatabase(parameters, { rebuild, log: console.log });
  console.log(cached ? `already built: ${path.relative(process.cwd(), file)}` : `ready: ${path.relative(process.cwd(), file)}`);
}

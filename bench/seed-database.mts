/**
 * Builds a benchmark database: one organization with a connected HaloPSA tenant, `people` mapped agents and
 * `events` timeline rows spread over the last `days` days (1,000,000 / 50 / 90 by default).
 *
 * `npm run bench:seed` (bench/seed.mts) builds it ahead; the benchmarks call `benchDatabase` themselves.
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
// Bump when the seeded content changes, so cached files (and PostgreSQL templates) are rebuilt.
export const SEED_VERSION = 2;

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
  /** Person 1 is a manager (the bench signs in as them), person 2 an admin, the rest managers. */
  managerId: string;
  managerEmail: string;
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
    people: list,
  };
}

/** A short hash of a migration folder's names: a cached database built before a new migration is not reused. */
export function migrationsFingerprint(directory = "prisma/migrations"): string {
  const names = readdirSync(path.resolve(directory)).filter((name) => /^\d/.test(name)).sort();
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

/** Rows for one table, as column names and value tuples; the same for SQLite and PostgreSQL. */
export interface SeedTable {
  table: string;
  columns: string[];
  rows: unknown[][];
}

export const EVENT_COLUMNS = ["id", "organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "statusName", "occurredAt", "createdAt"];

/** The span the events cover, ending now. */
export function seedWindow(days: number, endsAt = Date.now()) {
  return { startsAt: endsAt - days * 86_400_000, endsAt };
}

/** The organization, its people (with the bench password), the connection and its agents. */
export async function workspaceTables(people: number, startsAt: number): Promise<SeedTable[]> {
  const workspace = benchWorkspace(people);
  const passwordHash = await hash(BENCH_PASSWORD);
  const stamp = iso(startsAt);
  return [
    { table: "Organization", columns: ["id", "name", "createdAt"], rows: [[workspace.organizationId, "Bench MSP", stamp]] },
    {
      table: "User",
      columns: ["id", "organizationId", "email", "name", "passwordHash", "role", "managerId", "createdAt", "updatedAt"],
      // Everyone reports to person 1, so the manager the bench signs in as sees every row.
      rows: workspace.people.map((person, index) => [
        person.id, workspace.organizationId, person.email, `Bench Person ${index + 1}`, passwordHash, index === 1 ? "admin" : "manager",
        index === 0 ? null : workspace.managerId, stamp, stamp,
      ]),
    },
    {
      table: "HaloConnection",
      columns: ["id", "organizationId", "name", "tenantUrl", "apiBaseUrl", "tokenUrl", "clientId", "status", "webhookId", "webhookUsername",
        "webhookPasswordHash", "statusNames", "connectedAt", "createdAt", "updatedAt"],
      rows: [[
        workspace.connectionId, workspace.organizationId, "bench.halopsa.com", "https://bench.halopsa.com", "https://bench.halopsa.com/api",
        "https://bench.halopsa.com/auth/token", "bench", "active", "bench-webhook-id", WEBHOOK_USERNAME,
        createHash("sha256").update(WEBHOOK_PASSWORD).digest("hex"), JSON.stringify(STATUS_NAMES), stamp, stamp, stamp,
      ]],
    },
    {
      table: "HaloAgent",
      columns: ["id", "connectionId", "haloAgentId", "name", "userId", "mappedBy", "mappedAt", "createdAt", "updatedAt"],
      rows: [
        ...workspace.people.map((person) => [
          `bench-agent-${person.haloAgentId}`, workspace.connectionId, person.haloAgentId, `Agent ${person.haloAgentId}`, person.id, "email", stamp, stamp, stamp,
        ]),
        [`bench-agent-${UNMAPPED_AGENT_ID}`, workspace.connectionId, UNMAPPED_AGENT_ID, "Unmapped agent", null, null, null, stamp, stamp],
      ],
    },
  ];
}

/**
 * The timeline rows, in `EVENT_COLUMNS` order, `chunk` at a time. Deterministic for a set of parameters and a
 * window: the same generator feeds the SQLite file and the PostgreSQL database.
 */
export function* eventChunks({ events, people, days }: SeedParameters, window: { startsAt: number; endsAt: number }, chunk = 50_000): Generator<unknown[][]> {
  const workspace = benchWorkspace(people);
  const next = random(events * 31 + people * 7 + days);
  const step = (window.endsAt - window.startsAt) / Math.max(events, 1);
  // Whole seconds, as Halo sends them, in buckets of about three rows, so rows share instants and the keyset's id
  // tie-break is exercised at every size.
  const bucket = Math.max(1000, Math.round((step * 3) / 1000) * 1000);
  for (let done = 0; done < events; done += chunk) {
    const rows: unknown[][] = [];
    for (let index = done; index < Math.min(done + chunk, events); index++) {
      const person = workspace.people[Math.floor(next() * people)]!;
      const roll = next();
      const kind = roll < 0.2 ? "ticket_created" : roll < 0.65 ? "status_changed" : roll < 0.85 ? "agent_assigned" : "user_replied";
      const occurredAt = Math.floor((window.startsAt + index * step) / bucket) * bucket;
      rows.push([
        index + 1, workspace.organizationId, workspace.connectionId, person.id, person.haloAgentId,
        FIRST_TICKET_ID + Math.floor(next() * TICKETS), kind, kind === "status_changed" ? STATUSES[Math.floor(next() * STATUSES.length)]! : null,
        iso(occurredAt), iso(occurredAt + 150),
      ]);
    }
    yield rows;
  }
}

export const TICKET_STATE_COLUMNS = ["connectionId", "ticketId", "statusId", "agentId", "summary", "clientName", "asOf", "updatedAt"];
const FIRST_TICKET_ID = 100_000;
const TICKETS = 60_000;
const SUBJECTS = ["Printer offline", "VPN drops", "New starter laptop", "Password reset", "Outlook search broken", "Backup failed", "Wi-Fi slow", "Licence renewal"];
const CUSTOMERS = ["Northwind Traders", "Contoso Dental", "Fabrikam Legal", "Tailspin Toys", "Adatum Clinic", "Litware Accounting"];

/**
 * The tickets' last known states (the timeline joins them for each row's summary and customer), one per ticket id
 * the events can name (fewer for small seeds), in `TICKET_STATE_COLUMNS` order, `chunk` at a time.
 */
export function* ticketStateChunks({ events, people }: SeedParameters, window: { startsAt: number; endsAt: number }, chunk = 20_000): Generator<unknown[][]> {
  const workspace = benchWorkspace(people);
  const next = random(events * 17 + people);
  const statusIds = Object.keys(STATUS_NAMES).map(Number);
  const count = Math.min(TICKETS, events);
  for (let done = 0; done < count; done += chunk) {
    const rows: unknown[][] = [];
    for (let index = done; index < Math.min(done + chunk, count); index++) {
      const ticketId = FIRST_TICKET_ID + index;
      const asOf = iso(window.endsAt - Math.floor(next() * (window.endsAt - window.startsAt)));
      rows.push([
        workspace.connectionId, ticketId, statusIds[Math.floor(next() * statusIds.length)]!, workspace.people[Math.floor(next() * people)]!.haloAgentId,
        `${SUBJECTS[Math.floor(next() * SUBJECTS.length)]} (#${ticketId})`, CUSTOMERS[Math.floor(next() * CUSTOMERS.length)]!, asOf, asOf,
      ]);
    }
    yield rows;
  }
}

const insertSql = (table: string, columns: string[]) =>
  `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;

/** Seeds an empty, migrated database file (also used by the query-plan test on its own small database). */
export async function fillBenchDatabase(file: string, parameters: SeedParameters) {
  const window = seedWindow(parameters.days);
  const tables = await workspaceTables(parameters.people, window.startsAt);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -200000");

  sqlite.transaction(() => {
    for (const { table, columns, rows } of tables) {
      const insert = sqlite.prepare(insertSql(table, columns));
      for (const row of rows) insert.run(...row);
    }
  })();

  // Load without the timeline's indexes, then rebuild each from its own CREATE statement.
  const indexes = sqlite
    .prepare(`SELECT "name", "sql" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'TimelineEvent' AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);

  const insertState = sqlite.prepare(insertSql("TicketState", TICKET_STATE_COLUMNS));
  for (const rows of ticketStateChunks(parameters, window)) {
    sqlite.transaction(() => {
      for (const row of rows) insertState.run(...row);
    })();
  }
  const insertEvent = sqlite.prepare(insertSql("TimelineEvent", EVENT_COLUMNS));
  for (const rows of eventChunks(parameters, window)) {
    sqlite.transaction(() => {
      for (const row of rows) insertEvent.run(...row);
    })();
  }
  for (const index of indexes) sqlite.exec(index.sql);
  sqlite.exec("ANALYZE");
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}

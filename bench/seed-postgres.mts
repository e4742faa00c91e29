/**
 * The benchmark database on PostgreSQL: the rows of bench/seed-database.mts (same generator, same parameters),
 * loaded into a template database that is kept between runs; each run gets a copy of it (`CREATE DATABASE …
 * TEMPLATE`), so a million events are inserted once per set of parameters and migrations, not per run.
 *
 * The server is the one TEST_DATABASE_URL names (as for the tests), or else the embedded PostgreSQL the tests use
 * (scripts/db/embedded-postgres.mts), kept in data/bench-postgres. Rows go in as multi-row inserts of 50,000 rows
 * (one `unnest` of column arrays per statement) with the timeline's secondary indexes and foreign keys dropped
 * during the load and added back after it, then `VACUUM ANALYZE`, as autovacuum would leave a table that has
 * settled.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/db/embedded-postgres.mts";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "../scripts/db/postgres-migrator.mts";
import { EVENT_COLUMNS, eventChunks, TICKET_STATE_COLUMNS, ticketStateChunks, migrationsFingerprint, SEED_VERSION, seedWindow, workspaceTables, type SeedParameters } from "./seed-database.mts";

const TEMPLATE_PREFIX = "worksights_bench_seed_";
const RUN_PREFIX = "worksights_bench_run_";
const EVENT_TYPES = ["int", "text", "text", "text", "int", "int", "text", "text", "timestamp(3)", "timestamp(3)"];
const TICKET_STATE_TYPES = ["text", "int", "int", "int", "text", "text", "timestamp(3)", "timestamp(3)"];

/** One INSERT of whole columns (unnest of arrays): any number of rows in a single statement. */
const unnestInsert = (table: string, columns: string[], types: string[]) =>
  `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) SELECT * FROM unnest(${types.map((type, index) => `$${index + 1}::${type}[]`).join(", ")})`;
const asColumns = (rows: unknown[][], width: number) => Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));

export interface BenchPostgresServer {
  /** Where it runs, for the benchmark's header line (no password). */
  description: string;
  /** The name of the seed template for `parameters`, built first when missing; true when it already existed. */
  seedTemplate(parameters: SeedParameters, log?: (line: string) => void): Promise<{ name: string; cached: boolean }>;
  /** Drops the seed template for `parameters`, so the next use builds it again. */
  dropSeedTemplate(parameters: SeedParameters): Promise<void>;
  /** A fresh database for one run, copied from the seed template for `parameters`. */
  runDatabase(parameters: SeedParameters, log?: (line: string) => void): Promise<string>;
  /** Drops the run databases and stops the embedded server. */
  stop(): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function urlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Seeds of one size share this prefix; the rest of the name says which seed and migrations they were built with. */
const sizePrefix = ({ events, people, days }: SeedParameters) => `${TEMPLATE_PREFIX}${events}e_${people}p_${days}d_`;

export function templateName(parameters: SeedParameters): string {
  return `${sizePrefix(parameters)}v${SEED_VERSION}_${migrationsFingerprint(POSTGRES_MIGRATIONS_DIR)}`;
}

export async function startBenchPostgres(): Promise<BenchPostgresServer> {
  const external = process.env.TEST_DATABASE_URL;
  const embedded = external ? undefined : await startEmbeddedPostgres({ directory: path.resolve("data", "bench-postgres") });
  const serverUrl = external ?? embedded!.url;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query("SET client_min_messages = warning");
  const version = Number((await admin.query<{ server_version_num: string }>("SHOW server_version_num")).rows[0]!.server_version_num);
  const created: string[] = [];

  const databases = async (prefix: string) =>
    (await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1", [prefix])).rows.map(
      (row) => row.datname,
    );
  const drop = (database: string) => admin.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);

  // The embedded cluster is this machine's own: run databases left by an interrupted run can go.
  if (embedded) for (const database of await databases(RUN_PREFIX)) await drop(database);

  const seedTemplate = async (parameters: SeedParameters, log: (line: string) => void = () => {}) => {
    const template = templateName(parameters);
    if ((await databases(template)).includes(template)) return { name: template, cached: true };
    const started = performance.now();
    const building = `${template}_building`;
    await drop(building);
    await admin.query(`CREATE DATABASE ${quote(building)}`);
    await applyPostgresMigrations(urlFor(serverUrl, building));
    await fillBenchPostgres(urlFor(serverUrl, building), parameters);
    await admin.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(template)}`);
    // Seeds of the same size built for older migrations or an older seed are of no further use.
    for (const stale of await databases(sizePrefix(parameters))) if (stale !== template) await drop(stale);
    log(`built PostgreSQL database ${template} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { name: template, cached: false };
  };

  return {
    description: external ? `PostgreSQL ${Math.floor(version / 10_000)} from TEST_DATABASE_URL` : `embedded PostgreSQL ${Math.floor(version / 10_000)} (data/bench-postgres)`,
    seedTemplate,
    async dropSeedTemplate(parameters) {
      await drop(templateName(parameters));
    },
    async runDatabase(parameters, log) {
      const template = (await seedTemplate(parameters, log)).name;
      const run = `${RUN_PREFIX}${randomBytes(4).toString("hex")}`;
      // FILE_COPY copies the files whole instead of writing every page through the WAL (PostgreSQL 15+).
      await admin.query(`CREATE DATABASE ${quote(run)} TEMPLATE ${quote(template)}${version >= 150_000 ? " STRATEGY FILE_COPY" : ""}`);
      created.push(run);
      return urlFor(serverUrl, run);
    },
    async stop() {
      for (const database of created) await drop(database);
      await admin.end();
      await embedded?.stop();
    },
  };
}

/** Seeds an empty, migrated PostgreSQL database with the same rows as `fillBenchDatabase` writes to SQLite. */
export async function fillBenchPostgres(databaseUrl: string, parameters: SeedParameters) {
  const window = seedWindow(parameters.days);
  const tables = await workspaceTables(parameters.people, window.startsAt);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SET synchronous_commit = off");
    await client.query("SET maintenance_work_mem = '256MB'");
    await client.query("BEGIN");
    for (const { table, columns, rows } of tables) {
      const values = rows.map((row, rowIndex) => `(${row.map((_, column) => `$${rowIndex * row.length + column + 1}`).join(", ")})`);
      await client.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${values.join(", ")}`, rows.flat());
    }

    const indexes = (
      await client.query<{ name: string; definition: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = '"TimelineEvent"'::regclass AND NOT x.indisprimary`,
      )
    ).rows;
    const foreignKeys = (
      await client.query<{ name: string; definition: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = '"TimelineEvent"'::regclass AND contype = 'f'`,
      )
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX ${quote(index.name)}`);
    for (const key of foreignKeys) await client.query(`ALTER TABLE "TimelineEvent" DROP CONSTRAINT ${quote(key.name)}`);

    const insertStates = unnestInsert("TicketState", TICKET_STATE_COLUMNS, TICKET_STATE_TYPES);
    for (const rows of ticketStateChunks(parameters, window)) await client.query(insertStates, asColumns(rows, TICKET_STATE_COLUMNS.length));
    const insertEvents = unnestInsert("TimelineEvent", EVENT_COLUMNS, EVENT_TYPES);
    for (const rows of eventChunks(parameters, window)) await client.query(insertEvents, asColumns(rows, EVENT_COLUMNS.length));

    for (const index of indexes) await client.query(index.definition);
    for (const key of foreignKeys) await client.query(`ALTER TABLE "TimelineEvent" ADD CONSTRAINT ${quote(key.name)} ${key.definition}`);
    // Ids were given explicitly: the next stored row must follow the last seeded one.
    await client.query(`SELECT setval(pg_get_serial_sequence('"TimelineEvent"', 'id'), COALESCE((SELECT max("id") FROM "TimelineEvent"), 0) + 1, false)`);
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

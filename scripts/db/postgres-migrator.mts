import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const POSTGRES_MIGRATIONS_DIR = path.join("prisma", "postgres", "migrations");
export const SQLITE_MIGRATIONS_DIR = path.join("prisma", "migrations");
const MIGRATIONS_TABLE = "_worksights_migrations";
// Any fixed 64-bit number: every instance of every deploy takes the same lock, so only one migrates at a time.
const MIGRATION_LOCK_KEY = 7_351_942_001;

/** Migration folder names, oldest first (their names start with a UTC timestamp). */
export function migrationNames(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => statSync(path.join(directory, name)).isDirectory())
    .sort();
}

function checksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/**
 * Applies prisma/postgres/migrations in order, each in its own transaction, recording each in a table. Prisma 6's
 * migrate cannot run through the PostgreSQL driver adapter offline, so this small migrator does what
 * `prisma migrate deploy` does for SQLite. An advisory lock makes it safe for several instances to start at once;
 * a migration edited after it was applied is refused rather than silently skipped.
 */
export async function applyPostgresMigrations(
  databaseUrl: string,
  options: { directory?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const directory = options.directory ?? POSTGRES_MIGRATIONS_DIR;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SET client_min_messages = warning");
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`)).rows.map(
        (row) => [row.name, row.checksum],
      ),
    );
    for (const name of migrationNames(directory)) {
      const sql = readFileSync(path.join(directory, name, "migration.sql"), "utf8");
      const sum = checksum(sql);
      const recorded = done.get(name);
      if (recorded !== undefined) {
        if (recorded !== sum) throw new Error(`PostgreSQL migration ${name} was changed after it was applied; add a new migration instead`);
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(sql);
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [name, sum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`PostgreSQL migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      applied.push(name);
      options.log?.(`applied ${name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

// Writes a migration for both databases from the change made to prisma/schema.prisma:
//   npm run db:migration -- add_widget_table    (after editing prisma/schema.prisma)
//   npm run db:migration -- --twins             (PostgreSQL twins for SQLite migrations written without this command)
// The committed prisma/postgres/schema.prisma is the schema the PostgreSQL migrations already produce, so the
// difference between it and the regenerated one is exactly what the new migration must do, on either database.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres.mts";
import { POSTGRES_MIGRATIONS_DIR, SQLITE_MIGRATIONS_DIR, migrationNames } from "./postgres-migrator.mts";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom, sqliteSchemaFrom, writePostgresSchema } from "./postgres-schema.mts";

const EMPTY_MIGRATION = "-- This is an empty migration.";
const scratch = mkdtempSync(path.join(tmpdir(), "worksights-migration-"));

function prisma(args: string[], env: Record<string, string>): string {
  return execFileSync("node_modules/.bin/prisma", args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
  });
}

function scratchFile(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

function isEmpty(sql: string): boolean {
  return sql.trim() === "" || sql.trim() === EMPTY_MIGRATION;
}

function sqliteDiff(fromSchema: string): string {
  return prisma(
    ["migrate", "diff", "--from-schema-datamodel", scratchFile("from-sqlite.prisma", fromSchema), "--to-schema-datamodel", SQLITE_SCHEMA, "--script"],
    { DATABASE_URL: `file:${path.join(scratch, "diff.db")}` },
  );
}

/** Prisma 6's PostgreSQL diff runs through the driver adapter, which wants a live server even for two schema files. */
async function postgresDiff(fromSchema: string, toSchema: string): Promise<string> {
  const server = await startEmbeddedPostgres();
  try {
    return prisma(
      [
        "migrate", "diff", "--config", path.join("prisma", "postgres", "prisma.config.ts"),
        "--from-schema-datamodel", scratchFile("from-postgres.prisma", fromSchema),
        "--to-schema-datamodel", scratchFile("to-postgres.prisma", toSchema),
        "--script",
      ],
      { DATABASE_URL: server.url },
    );
  } finally {
    await server.stop();
  }
}

function utcStamp(): string {
  return new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function writeMigration(directory: string, name: string, sql: string) {
  mkdirSync(path.join(directory, name), { recursive: true });
  writeFileSync(path.join(directory, name, "migration.sql"), sql.endsWith("\n") ? sql : `${sql}\n`);
  console.log(`  wrote ${path.join(directory, name, "migration.sql")}`);
}

function generateClients() {
  prisma(["generate"], {});
  prisma(["generate", "--config", path.join("prisma", "postgres", "prisma.config.ts")], {});
  console.log("  regenerated both Prisma clients");
}

async function createMigration(label: string) {
  if (!/^[a-z0-9_]+$/.test(label)) throw new Error("name the migration in snake_case, e.g. add_widget_table");
  const previousPostgres = readFileSync(POSTGRES_SCHEMA, "utf8");
  const nextPostgres = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8"));
  const sqliteSql = sqliteDiff(sqliteSchemaFrom(previousPostgres));
  const postgresSql = await postgresDiff(previousPostgres, nextPostgres);
  if (isEmpty(sqliteSql) && isEmpty(postgresSql)) throw new Error("prisma/schema.prisma has no change since the last migration");

  const name = `${utcStamp()}_${label}`;
  const latest = [...migrationNames(SQLITE_MIGRATIONS_DIR), ...migrationNames(POSTGRES_MIGRATIONS_DIR)].sort().at(-1);
  if (latest && name <= latest) throw new Error(`${name} would not sort after ${latest}; check the clock`);
  writeMigration(SQLITE_MIGRATIONS_DIR, name, sqliteSql);
  writeMigration(POSTGRES_MIGRATIONS_DIR, name, postgresSql);
  writePostgresSchema();
  generateClients();
}

async function createTwins() {
  const postgres = new Set(migrationNames(POSTGRES_MIGRATIONS_DIR));
  const missing = migrationNames(SQLITE_MIGRATIONS_DIR).filter((name) => !postgres.has(name));
  if (missing.length === 0) {
    console.log("Every SQLite migration has its PostgreSQL twin.");
    return;
  }
  const previousPostgres = readFileSync(POSTGRES_SCHEMA, "utf8");
  const postgresSql = await postgresDiff(previousPostgres, postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8")));
  const last = missing.at(-1)!;
  // Several SQLite migrations since the last twin: the whole difference goes into the newest one's twin.
  for (const name of missing.slice(0, -1)) writeMigration(POSTGRES_MIGRATIONS_DIR, name, `-- Folded into ${last}.\nSELECT 1;`);
  writeMigration(POSTGRES_MIGRATIONS_DIR, last, postgresSql);
  writePostgresSchema();
  generateClients();
}

try {
  const argument = process.argv[2];
  if (!argument) throw new Error("usage: npm run db:migration -- <snake_case_name>   |   npm run db:migration -- --twins");
  if (!existsSync(POSTGRES_SCHEMA)) writePostgresSchema();
  if (argument === "--twins") await createTwins();
  else await createMigration(argument);
  console.log("Review both migration.sql files, then run `npm run db:migrate` and the tests.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseKind, redactDatabaseUrl } from "../lib/db/database-url.ts";
import { applyPostgresMigrations } from "./db/postgres-migrator.mts";

/**
 * Applies the committed migrations of the database DATABASE_URL names: `prisma migrate deploy` for a SQLite file
 * (its folder is created first), our own migrator for PostgreSQL (prisma/postgres/migrations). SQLite then
 * analyses the tables whose planner statistics are missing or stale, so the planner knows new indexes before the
 * app starts; PostgreSQL's autovacuum analyses by itself.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if (databaseKind(databaseUrl) === "postgres") {
    await applyPostgresMigrations(databaseUrl);
    return;
  }
  const file = databaseUrl.replace(/^file:/, "");
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
  });
  const sqlite = new Database(file);
  try {
    sqlite.pragma("optimize = 0x10002");
  } finally {
    sqlite.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL ?? "file:./data/worksights.db";
  await migrateDatabase(url);
  console.log(`Database ready: ${redactDatabaseUrl(url)}`);
}

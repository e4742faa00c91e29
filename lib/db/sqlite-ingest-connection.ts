import "server-only";
import Database from "better-sqlite3";
import { env } from "@/lib/env";

const globalForIngestDb = globalThis as unknown as { worksightsIngestSqlite?: Database.Database };

/**
 * A second, synchronous connection to the SQLite file, used only by webhook ingest: a whole batch (read, plan,
 * write) runs as one short transaction without yielding, which costs a small fraction of the same statements
 * through Prisma. It never waits for a lock (busy_timeout 0): the writer retries asynchronously instead, so a
 * long Prisma transaction elsewhere in the process can finish. WAL lets both connections read while one writes.
 */
export function ingestSqlite(): Database.Database {
  if (!globalForIngestDb.worksightsIngestSqlite) {
    const connection = new Database(env().DATABASE_URL.replace(/^file:/, ""));
    connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = NORMAL");
    connection.pragma("foreign_keys = ON");
    connection.pragma("busy_timeout = 0");
    globalForIngestDb.worksightsIngestSqlite = connection;
  }
  return globalForIngestDb.worksightsIngestSqlite;
}

/** How Prisma stores a DateTime in SQLite, so rows written here read back like any other. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

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
    try {
      connection.pragma("journal_mode = WAL");
      connection.pragma("synchronous = NORMAL");
      connection.pragma("foreign_keys = ON");
      connection.pragma("busy_timeout = 0");
    } catch (error) {
      connection.close();
      throw error;
    }
    globalForIngestDb.worksightsIngestSqlite = connection;
  }
  return globalForIngestDb.worksightsIngestSqlite;
}

/**
 * Drops the connection so the next use opens the file again. SQLite keeps a handle read-only when it was opened
 * while the file was not writable, and a handle to a file that was replaced (restored from a backup) keeps
 * pointing at the old one: only a new handle sees the file as it is now.
 */
export function reopenIngestSqliteOnNextUse(): void {
  const connection = globalForIngestDb.worksightsIngestSqlite;
  globalForIngestDb.worksightsIngestSqlite = undefined;
  try {
    connection?.close();
  } catch {
    // A handle that cannot even close is being thrown away anyway.
  }
}

/** How Prisma stores a DateTime in SQLite, so rows written here read back like any other. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

export function isSqliteBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

/**
 * Faults of the handle or the file rather than of the statement: read-only (including a file moved or replaced
 * under us), I/O errors, a file that cannot be opened. A fresh handle may succeed where this one cannot.
 */
export function needsNewSqliteHandle(error: unknown): boolean {
  const code = sqliteCode(error);
  return (
    code.startsWith("SQLITE_READONLY") ||
    code.startsWith("SQLITE_IOERR") ||
    code.startsWith("SQLITE_CANTOPEN") ||
    code === "SQLITE_NOTADB"
  );
}

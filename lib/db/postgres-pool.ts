import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

// Prisma stores DateTime as UTC in `timestamp(3)` columns; read them back as UTC whatever the server's TZ.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== "binary") return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

const globalForPool = globalThis as unknown as { worksightsPostgresPool?: pg.Pool };

/**
 * This instance's one bounded pool of PostgreSQL connections, shared by Prisma (through its driver adapter) and
 * the ingest store. DATABASE_POOL_SIZE bounds it (see the README for sizing); a caller waiting longer than
 * DATABASE_CONNECT_TIMEOUT_MS for a connection gets an error (answered as 503) instead of queueing forever, and
 * every statement is cut off after DATABASE_STATEMENT_TIMEOUT_MS.
 */
export function postgresPool(): pg.Pool {
  if (!globalForPool.worksightsPostgresPool) {
    const settings = env();
    const pool = new pg.Pool({
      connectionString: settings.DATABASE_URL,
      max: settings.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: settings.DATABASE_CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      statement_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS,
      query_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS + 1_000,
      application_name: "worksights",
      types,
    });
    // An idle connection that the server drops (restart, failover) must not crash the process; the pool replaces it.
    pool.on("error", (error) => console.error("[db] idle PostgreSQL connection lost:", error.message));
    globalForPool.worksightsPostgresPool = pool;
  }
  return globalForPool.worksightsPostgresPool;
}

/** An ISO string is what a `timestamp` column expects for a UTC instant (its time zone suffix is ignored). */
export function postgresTimestamp(date: Date): string {
  return date.toISOString();
}

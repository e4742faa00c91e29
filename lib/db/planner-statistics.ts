import "server-only";
import { Worker } from "node:worker_threads";
import { db, usesPostgres } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ingestSqlite } from "@/lib/db/sqlite-ingest-connection";

const REFRESH_EVERY_MS = 60 * 60_000;

// SQLite's `PRAGMA optimize` re-analyses only the tables never analysed or whose size changed tenfold since their
// last ANALYZE (0x10000: look at every table, not only those this connection queried). It is not given an analysis
// limit (0x10): sampled statistics made the planner pick a worse index for a kind filter. A full analysis of a
// million rows reads for about two seconds, so it runs on its own connection in a worker thread, never on the thread
// that answers requests; the app's connections then only reload the statistics (well under a millisecond).
const OPTIMIZE_IN_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const connection = new Database(workerData.file);
try {
  connection.pragma("busy_timeout = 5000");
  connection.pragma("optimize = 0x10002");
} finally {
  connection.close();
}
parentPort.postMessage("done");
`;

function optimizeInWorker(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(OPTIMIZE_IN_WORKER, { eval: true, workerData: { file } });
    worker.once("message", () => resolve());
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the statistics worker exited with ${code}`))));
  });
}

/**
 * Brings the query planner's statistics up to date. SQLite: `PRAGMA optimize` in a worker, then `ANALYZE
 * sqlite_schema` on each open connection, which reloads the stored statistics without analysing anything.
 * PostgreSQL keeps its statistics through autovacuum's auto-analyse; its store would run `ANALYZE` here only
 * after bulk loads.
 */
export async function refreshPlannerStatistics(): Promise<void> {
  if (usesPostgres()) return;
  await optimizeInWorker(env().DATABASE_URL.replace(/^file:/, ""));
  await db.$executeRawUnsafe(`ANALYZE sqlite_schema`);
  ingestSqlite().exec(`ANALYZE sqlite_schema`);
}

const globalForStatistics = globalThis as unknown as { worksightsStatisticsRefreshedAt?: number; worksightsStatisticsRunning?: boolean };
// Migrating (scripts/migrate.mts, before the app starts) analyses too, so the first refresh is due an hour after start.
globalForStatistics.worksightsStatisticsRefreshedAt ??= Date.now();

/** Called after writes: refreshes the statistics in the background when the last refresh is an hour old. */
export function refreshPlannerStatisticsWhenDue(now = Date.now()): void {
  if (globalForStatistics.worksightsStatisticsRunning) return;
  if (now - globalForStatistics.worksightsStatisticsRefreshedAt! < REFRESH_EVERY_MS) return;
  globalForStatistics.worksightsStatisticsRunning = true;
  globalForStatistics.worksightsStatisticsRefreshedAt = now;
  refreshPlannerStatistics()
    .catch((error: unknown) => console.error("[db] planner statistics refresh failed:", error instanceof Error ? error.message : "error"))
    .finally(() => {
      globalForStatistics.worksightsStatisticsRunning = false;
    });
}

import type { BatchPlan, IngestJob } from "./ingest-plan";

export type WrittenBatch = Pick<BatchPlan, "outcomes" | "unknownStatusConnections">;

/**
 * Where webhook ingest writes a batch: read what is known, plan (lib/timeline/ingest-plan.ts), write the delivery
 * log, ticket states and timeline rows, all in one transaction that either commits whole or leaves nothing. A
 * `probe` job (the health check) writes the "ingest" HealthProbe row in the same transaction.
 */
export interface IngestStore {
  /**
   * `deadline` (epoch ms) is when the first job of the batch must have its answer: a store whose writes can wait
   * (on a lock, a slow server) gives up by then with nothing written.
   */
  write(jobs: readonly IngestJob[], now: Date, touchConnectionIds: readonly string[], deadline?: number): Promise<WrittenBatch>;
  /** A transient conflict with another writer: the same batch may simply be written again a moment later. */
  isRetryable(error: unknown): boolean;
  /** The database cannot be reached or did not answer in time: every job of the batch fails the same way. */
  isUnavailable(error: unknown): boolean;
  /**
   * A fault of the store's own connection rather than of the batch (SQLite: read-only, I/O): the store drops the
   * connection so the next write opens a fresh one, and says the batch is worth another try.
   */
  recoverFrom?(error: unknown): boolean;
}

import "server-only";
import { usesPostgres } from "@/lib/db/client";
import { refreshPlannerStatisticsWhenDue } from "@/lib/db/planner-statistics";
import type { HaloDelivery } from "@/lib/halo/inbound-webhook";
import { refreshStatusNamesLater, type IngestConnection } from "./ingest-context";
import type { IngestJob, RecoveredFrom, StoredOutcome } from "./ingest-plan";
import { sqliteIngestStore } from "./ingest-store";
import type { IngestStore } from "./ingest-store-contract";
import { postgresIngestStore } from "./postgres-ingest-store";
import { timelineBus } from "./live-bus";
import type { TimelineRow } from "./types";

/**
 * Every delivery gets its answer within this long of entering the queue: stored, or refused so Halo sends it
 * again. Halo's own patience is not documented; five seconds is the bound the README promises, and this leaves
 * room for reading the body and writing the answer.
 */
export const ANSWER_WITHIN_MS = 4_000;

// Group commit: deliveries that arrive while a batch is written go together into the next one.
const MAX_BATCH = 200;
const LAST_EVENT_PRECISION_MS = 1_000;
// While another connection holds the write lock (a long mapping save, say) or PostgreSQL reports a serialization
// conflict, retry without blocking the process (the last delay repeats until the deadline).
const BUSY_RETRY_DELAYS_MS = [2, 5, 10, 20, 50, 100, 200, 250, 250, 500, 500, 1_000];
// After a fault of the store's connection (read-only, I/O) it is replaced; a few attempts before giving up.
const RECOVERY_DELAYS_MS = [0, 100, 400];

/** The delivery could not be stored in time; nothing of it was written. */
export class IngestUnavailableError extends Error {
  constructor(readonly reason: "busy" | "timed_out" | "database_fault") {
    super(`The delivery could not be stored (${reason}).`);
    this.name = "IngestUnavailableError";
  }
}

type Settle<T> = { resolve: (value: T) => void; reject: (error: unknown) => void; deadline: number };
type Job =
  | (Extract<IngestJob, { type: "delivery" }> & Settle<StoredOutcome>)
  | (Extract<IngestJob, { type: "rejection" | "probe" }> & Settle<void>);

type WriterState = { queue: Job[]; draining: boolean; lastEventWrittenAt: Map<string, number>; store?: IngestStore };
const globalForWriter = globalThis as unknown as { worksightsIngestWriter?: WriterState };
const state: WriterState = (globalForWriter.worksightsIngestWriter ??= { queue: [], draining: false, lastEventWrittenAt: new Map() });

function store(): IngestStore {
  state.store ??= usesPostgres() ? postgresIngestStore() : sqliteIngestStore;
  return state.store;
}

/** Stores one delivery through group commit; recovery passes where it found the delivery. */
export function storeDelivery(connection: IngestConnection, delivery: HaloDelivery, recoveredFrom?: RecoveredFrom): Promise<StoredOutcome> {
  return new Promise((resolve, reject) =>
    enqueue({ type: "delivery", connection, delivery, recoveredFrom, resolve, reject, deadline: Date.now() + ANSWER_WITHIN_MS }),
  );
}

export function storeRejection(connectionId: string, reason: string): Promise<void> {
  return new Promise((resolve, reject) =>
    enqueue({ type: "rejection", connectionId, reason, resolve, reject, deadline: Date.now() + ANSWER_WITHIN_MS }),
  );
}

/** A write through the same queue and connection as deliveries, answered within `withinMs`: the health check. */
export function probeIngestWriter(withinMs: number): Promise<void> {
  return new Promise((resolve, reject) => enqueue({ type: "probe", resolve, reject, deadline: Date.now() + withinMs }));
}

function enqueue(job: Job) {
  state.queue.push(job);
  if (state.draining) return;
  state.draining = true;
  setImmediate(() => void drain());
}

async function drain() {
  try {
    while (state.queue.length > 0) {
      const now = Date.now();
      const live: Job[] = [];
      for (const job of state.queue.splice(0, MAX_BATCH)) {
        if (job.deadline > now) live.push(job);
        else job.reject(new IngestUnavailableError("timed_out"));
      }
      if (live.length > 0) await writeAndSettle(live);
    }
  } catch (error) {
    for (const job of state.queue.splice(0)) job.reject(error);
  } finally {
    state.draining = false;
  }
}

async function writeAndSettle(batch: Job[]) {
  try {
    settle(batch, await writeBeforeDeadline(batch));
  } catch (error) {
    if (batch.length === 1 || error instanceof IngestUnavailableError || store().isUnavailable(error)) {
      for (const job of batch) job.reject(error);
      return;
    }
    // One bad delivery must not fail the others: write each on its own (each still within its own deadline).
    for (const job of batch) {
      if (job.deadline > Date.now()) await writeAndSettle([job]);
      else job.reject(new IngestUnavailableError("timed_out"));
    }
  }
}

/**
 * Writes the batch, retrying while another writer holds the lock and after the store replaced a faulty connection,
 * but never past the earliest deadline in the batch: then it gives up with nothing written.
 */
async function writeBeforeDeadline(batch: Job[]) {
  const deadline = Math.min(...batch.map((job) => job.deadline));
  let busyAttempts = 0;
  let recoveries = 0;
  for (;;) {
    const now = new Date();
    // "Last event received" needs no finer grain than a second; skipping the rest saves a statement per batch.
    const touch = [...new Set(batch.flatMap((job) => (job.type === "delivery" ? [job.connection.id] : [])))].filter(
      (id) => now.getTime() - (state.lastEventWrittenAt.get(id) ?? 0) >= LAST_EVENT_PRECISION_MS,
    );
    let delay: number | undefined;
    try {
      const written = await store().write(batch, now, touch, deadline);
      for (const id of touch) state.lastEventWrittenAt.set(id, now.getTime());
      for (const id of written.unknownStatusConnections) refreshStatusNamesLater(id);
      refreshPlannerStatisticsWhenDue();
      return written.outcomes;
    } catch (error) {
      if (store().isRetryable(error)) {
        delay = BUSY_RETRY_DELAYS_MS[Math.min(busyAttempts++, BUSY_RETRY_DELAYS_MS.length - 1)]!;
        if (Date.now() + delay >= deadline) throw new IngestUnavailableError("busy");
      } else if (store().recoverFrom?.(error)) {
        console.error("[webhook] the ingest connection failed and will be opened again:", (error as { code?: string }).code ?? "error");
        delay = RECOVERY_DELAYS_MS[recoveries++];
        if (delay === undefined || Date.now() + delay >= deadline) throw new IngestUnavailableError("database_fault");
      } else {
        throw error;
      }
    }
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function settle(batch: Job[], outcomes: Array<StoredOutcome | undefined>) {
  const published = new Map<string, TimelineRow[]>();
  batch.forEach((job, index) => {
    if (job.type !== "delivery") return job.resolve();
    const outcome = outcomes[index]!;
    if (outcome.rows.length > 0) {
      const list = published.get(job.connection.organizationId) ?? [];
      published.set(job.connection.organizationId, list.concat(outcome.rows));
    }
    job.resolve(outcome);
  });
  for (const [organizationId, rows] of published) timelineBus().publish(organizationId, rows);
}

import "server-only";
import { usesPostgres } from "@/lib/db/client";
import { refreshPlannerStatisticsWhenDue } from "@/lib/db/planner-statistics";
import type { HaloDelivery } from "@/lib/halo/inbound-webhook";
import { refreshStatusNamesLater, type IngestConnection } from "./ingest-context";
import type { IngestJob, StoredOutcome } from "./ingest-plan";
import { sqliteIngestStore } from "./ingest-store";
import type { IngestStore } from "./ingest-store-contract";
import { postgresIngestStore } from "./postgres-ingest-store";
import { timelineBus } from "./live-bus";
import type { TimelineRow } from "./types";

type Settle<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };
type Job = (Extract<IngestJob, { type: "delivery" }> & Settle<StoredOutcome>) | (Extract<IngestJob, { type: "rejection" }> & Settle<void>);

// Group commit: deliveries that arrive while a batch is written go together into the next one.
const MAX_BATCH = 200;
const LAST_EVENT_PRECISION_MS = 1_000;
// While another connection holds the write lock (a long mapping save, say) or PostgreSQL reports a serialization
// conflict, retry without blocking the process.
const BUSY_RETRY_DELAYS_MS = [2, 5, 10, 20, 50, 100, 200, 250, 250, 500, 500, 1_000, 1_000, 2_000, 2_000, 3_000];

const globalForWriter = globalThis as unknown as { worksightsIngestStore?: IngestStore };
function store(): IngestStore {
  globalForWriter.worksightsIngestStore ??= usesPostgres() ? postgresIngestStore() : sqliteIngestStore;
  return globalForWriter.worksightsIngestStore;
}

const lastEventWrittenAt = new Map<string, number>();
const queue: Job[] = [];
let draining = false;

export function storeDelivery(connection: IngestConnection, delivery: HaloDelivery): Promise<StoredOutcome> {
  return new Promise((resolve, reject) => enqueue({ type: "delivery", connection, delivery, resolve, reject }));
}

export function storeRejection(connectionId: string, reason: string): Promise<void> {
  return new Promise((resolve, reject) => enqueue({ type: "rejection", connectionId, reason, resolve, reject }));
}

function enqueue(job: Job) {
  queue.push(job);
  if (draining) return;
  draining = true;
  setImmediate(() => void drain());
}

async function drain() {
  try {
    while (queue.length > 0) await writeAndSettle(queue.splice(0, MAX_BATCH));
  } catch (error) {
    for (const job of queue.splice(0)) job.reject(error);
  } finally {
    draining = false;
  }
}

async function writeAndSettle(batch: Job[]) {
  try {
    settle(batch, await writeWhenUnlocked(batch));
  } catch (error) {
    if (batch.length === 1 || store().isUnavailable(error)) {
      for (const job of batch) job.reject(error);
      return;
    }
    // One bad delivery must not fail the others: write each on its own.
    for (const job of batch) await writeAndSettle([job]);
  }
}

async function writeWhenUnlocked(batch: Job[]) {
  for (let attempt = 0; ; attempt++) {
    const now = new Date();
    // "Last event received" needs no finer grain than a second; skipping the rest saves a statement per batch.
    const touch = [...new Set(batch.flatMap((job) => (job.type === "delivery" ? [job.connection.id] : [])))].filter(
      (id) => now.getTime() - (lastEventWrittenAt.get(id) ?? 0) >= LAST_EVENT_PRECISION_MS,
    );
    try {
      const written = await store().write(batch, now, touch);
      for (const id of touch) lastEventWrittenAt.set(id, now.getTime());
      for (const id of written.unknownStatusConnections) refreshStatusNamesLater(id);
      refreshPlannerStatisticsWhenDue();
      return written.outcomes;
    } catch (error) {
      const delay = BUSY_RETRY_DELAYS_MS[attempt];
      if (!store().isRetryable(error) || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function settle(batch: Job[], outcomes: Array<StoredOutcome | undefined>) {
  const published = new Map<string, TimelineRow[]>();
  batch.forEach((job, index) => {
    if (job.type === "rejection") return job.resolve();
    const outcome = outcomes[index]!;
    if (outcome.rows.length > 0) {
      const list = published.get(job.connection.organizationId) ?? [];
      published.set(job.connection.organizationId, list.concat(outcome.rows));
    }
    job.resolve(outcome);
  });
  for (const [organizationId, rows] of published) timelineBus().publish(organizationId, rows);
}

import "server-only";
import { randomUUID } from "node:crypto";
import { countedHaloClientFor } from "@/lib/connections/halo-client";
import { db } from "@/lib/db/client";
import { isHaloError } from "@/lib/halo/errors";
import type { HaloDelivery } from "@/lib/halo/inbound-webhook";
import type { RetryPolicy } from "@/lib/halo/retry-policy";
import { ingestConnection, invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import type { RecoveredFrom } from "@/lib/timeline/ingest-plan";
import { storeDelivery } from "@/lib/timeline/ingest-writer";
import { recoverFromActions } from "./actions-fallback";
import { acquireRecoveryLease, releaseRecoveryLease, renewRecoveryLease } from "./lease";
import { readDeliveryLog, type UnrecoverableEntry } from "./read-log";
import { recordRecoveryAudit } from "./recovery-audit";
import { toRunSummary } from "./recovery-health";
import type { RecoveryRunSummary, RecoveryTrigger } from "./types";

/** Entries are logged when an attempt ends, a little out of order: re-read this far before the reconciled point. */
export const RECONCILE_OVERLAP_MS = 2 * 60_000;
/** Deliveries handed to ingest at a time (one group commit's worth): live deliveries get in between chunks. */
const FEED_CHUNK = 200;
/** Renewing the lease every few seconds of progress keeps it without a write per page. */
const LEASE_RENEW_EVERY_MS = 10_000;
/**
 * Background work can wait out Halo's rolling window (5 minutes on hosted tenants) instead of failing: up to ten
 * tries, each wait as long as Retry-After says, at most two minutes.
 */
export const RECOVERY_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, maxDelayMs: 120_000, baseDelayMs: 5_000 };

export type RecoveryResult =
  | { outcome: "completed" | "failed"; run: RecoveryRunSummary }
  | { outcome: "busy" | "not_connected" };

type Counts = Pick<
  RecoveryRunSummary,
  "entriesRead" | "recovered" | "recoveredFromActions" | "timelineRows" | "alreadyPresent" | "unrecoverable"
>;

/**
 * Reads the connection's webhook delivery log back to the last reconciled point and stores every delivery
 * WorkSights missed through the receiver's own ingest path. One run per connection at a time across instances (a
 * lease row); a second caller gets `busy`.
 */
export async function recoverConnection(
  connectionId: string,
  trigger: RecoveryTrigger,
  options: { actor?: { id: string; name: string }; retry?: RetryPolicy } = {},
): Promise<RecoveryResult> {
  const connection = await db.haloConnection.findUnique({ where: { id: connectionId }, include: { recoveryState: true } });
  if (
    !connection?.webhookId || !connection.clientSecretEncrypted || !connection.connectedAt ||
    (connection.status !== "active" && connection.status !== "error")
  ) {
    return { outcome: "not_connected" };
  }
  const holder = `${process.pid}:${randomUUID()}`;
  if (!(await acquireRecoveryLease(connectionId, holder))) return { outcome: "busy" };

  const run = await db.recoveryRun.create({ data: { connectionId, trigger, status: "running", startedAt: new Date() } });
  let halo: ReturnType<typeof countedHaloClientFor> | null = null;
  const counts: Counts = { entriesRead: 0, recovered: 0, recoveredFromActions: 0, timelineRows: 0, alreadyPresent: 0, unrecoverable: 0 };
  let renewedAt = Date.now();
  const keepLease = async () => {
    if (Date.now() - renewedAt < LEASE_RENEW_EVERY_MS) return;
    if (!(await renewRecoveryLease(connectionId, holder))) throw new Error("Another recovery took over this connection's lease.");
    renewedAt = Date.now();
  };
  try {
    halo = countedHaloClientFor(connection, options.retry ?? RECOVERY_RETRY_POLICY);
    const reconciled = connection.recoveryState?.reconciledThrough ?? connection.connectedAt;
    const cutoff = new Date(reconciled.getTime() - RECONCILE_OVERLAP_MS);
    const reading = await readDeliveryLog({ client: halo.client, connectionId, webhookId: connection.webhookId, cutoff, onPage: keepLease });
    counts.entriesRead = reading.entriesRead;
    counts.alreadyPresent = reading.alreadyPresent;
    const fromActions = await recoverFromActions({
      client: halo.client, connectionId, webhookId: connection.webhookId, withoutBody: reading.withoutBody, onTicket: keepLease,
    });
    counts.alreadyPresent += fromActions.alreadyPresent;

    const candidates = [
      ...reading.fromBodies.map((delivery) => ({ delivery, from: "delivery_log" as const })),
      ...fromActions.derived.map((delivery) => ({ delivery, from: "ticket_actions" as const })),
    ].sort((a, b) => a.delivery.occurredAt.getTime() - b.delivery.occurredAt.getTime());
    await feedIngest(connectionId, candidates, counts, keepLease);

    const unrecoverable = [...reading.unrecoverable, ...fromActions.unrecoverable];
    await recordUnrecoverable(connectionId, unrecoverable);
    counts.unrecoverable = unrecoverable.length;
    if (reading.newestLoggedAt) {
      await db.recoveryState.update({ where: { connectionId }, data: { reconciledThrough: reading.newestLoggedAt } });
    }
    const finished = await db.recoveryRun.update({
      where: { id: run.id },
      data: { ...counts, ...unrecoverableSpan(unrecoverable), status: "completed", finishedAt: new Date(), haloCalls: halo.calls() },
    });
    if (counts.recovered > 0 || counts.unrecoverable > 0) await recordRecoveryAudit(connection.organizationId, finished, options.actor);
    return { outcome: "completed", run: toRunSummary(finished) };
  } catch (error) {
    const failed = await db.recoveryRun.update({
      where: { id: run.id },
      data: { ...counts, status: "failed", finishedAt: new Date(), haloCalls: halo?.calls() ?? 0, error: failureMessage(error) },
    });
    console.warn(`[recovery] connection ${connectionId}: ${failureMessage(error)}`);
    return { outcome: "failed", run: toRunSummary(failed) };
  } finally {
    await halo?.close().catch(() => undefined);
    await releaseRecoveryLease(connectionId, holder).catch(() => undefined);
  }
}

/** In event-time order, a chunk at a time, through the same queue, plan and store as live deliveries. */
async function feedIngest(
  connectionId: string,
  candidates: Array<{ delivery: HaloDelivery; from: RecoveredFrom }>,
  counts: Counts,
  keepLease: () => Promise<void>,
) {
  if (candidates.length === 0) return;
  await invalidateIngestConnection(connectionId);
  const connection = await ingestConnection(connectionId);
  if (!connection) throw new Error("The connection was removed during recovery.");
  for (let start = 0; start < candidates.length; start += FEED_CHUNK) {
    const chunk = candidates.slice(start, start + FEED_CHUNK);
    const outcomes = await Promise.all(chunk.map(({ delivery, from }) => storeDelivery(connection, delivery, from)));
    outcomes.forEach((stored, index) => {
      if (stored.outcome === "repeated") {
        counts.alreadyPresent++;
        return;
      }
      counts.recovered++;
      counts.timelineRows += stored.rows.length;
      if (chunk[index]!.from === "ticket_actions") counts.recoveredFromActions++;
    });
    await keepLease();
  }
}

/** Logged once (keyed by the log entry) so the next recovery counts them as seen, not again as lost. */
async function recordUnrecoverable(connectionId: string, entries: UnrecoverableEntry[]) {
  for (let start = 0; start < entries.length; start += 500) {
    await db.webhookDelivery.createMany({
      data: entries.slice(start, start + 500).map((entry) => ({
        connectionId,
        haloDeliveryId: entry.logEntryId,
        outcome: "unrecoverable",
        reason: entry.reason,
        ticketId: entry.ticketId,
        occurredAt: entry.loggedAt,
      })),
    });
  }
}

function unrecoverableSpan(entries: UnrecoverableEntry[]) {
  if (entries.length === 0) return {};
  const times = entries.map((entry) => entry.loggedAt.getTime());
  const reasons = [...new Set(entries.map((entry) => entry.reason))];
  return {
    unrecoverableFrom: new Date(Math.min(...times)),
    unrecoverableTo: new Date(Math.max(...times)),
    unrecoverableReason: reasons.length === 1 ? reasons[0]! : `${reasons[0]!} (and ${reasons.length - 1} other reason${reasons.length > 2 ? "s" : ""})`,
  };
}

function failureMessage(error: unknown): string {
  if (isHaloError(error)) return error.message;
  if (error instanceof Error && error.message.startsWith("Another recovery")) return error.message;
  return "Recovery stopped on an unexpected error; it runs again on the next check.";
}

import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { db, ensureDatabaseTuned } from "@/lib/db/client";
import {
  attributedAgentId,
  classifyHaloDelivery,
  nextTicketState,
  type HaloDelivery,
  type HaloTicketState,
} from "@/lib/halo/inbound-webhook";
import { haloTicketNumber, haloTicketUrl } from "@/lib/halo/links";
import { refreshStatusNamesLater, type IngestConnection } from "./ingest-context";
import { timelineBus } from "./live-bus";
import type { TimelineRow } from "./types";

/** Reasons the health panel counts as "events from unmapped agents" start with this. */
export const NO_MAPPED_AGENT_REASON = "No mapped agent";
export const BEFORE_CONNECTION_REASON = "Happened before HaloPSA was connected";

export type StoredOutcome =
  | { outcome: "accepted"; rows: TimelineRow[] }
  | { outcome: "repeated" | "ignored"; reason: string; rows: [] };

type Settle<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };
type DeliveryJob = { type: "delivery"; connection: IngestConnection; delivery: HaloDelivery } & Settle<StoredOutcome>;
type RejectionJob = { type: "rejection"; connectionId: string; reason: string } & Settle<void>;
type Job = DeliveryJob | RejectionJob;

// Group commit: deliveries that arrive while a transaction runs are written together in the next one, so the
// per-delivery cost is a share of one transaction rather than several round trips of its own.
const MAX_BATCH = 200;
const LAST_EVENT_PRECISION_MS = 1_000;
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
    await ensureDatabaseTuned();
    while (queue.length > 0) await writeAndSettle(queue.splice(0, MAX_BATCH));
  } catch (error) {
    for (const job of queue.splice(0)) job.reject(error);
  } finally {
    draining = false;
  }
}

async function writeAndSettle(batch: Job[]) {
  try {
    settle(batch, await db.$transaction((tx) => writeBatch(tx, batch)));
  } catch (error) {
    if (batch.length === 1) {
      batch[0]!.reject(error);
      return;
    }
    // One bad delivery must not fail the others: write each on its own.
    for (const job of batch) await writeAndSettle([job]);
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

type PendingEvent = { jobIndex: number; values: Prisma.Sql; row: Omit<TimelineRow, "id"> };
type DeliveryRow = {
  connectionId: string;
  haloDeliveryId: string | null;
  eventName: string | null;
  outcome: "accepted" | "repeated" | "ignored" | "rejected";
  reason: string | null;
  ticketId: number | null;
  haloAgentId: number | null;
  occurredAt: Date | null;
};

/*
 * Plain SQL (portable between SQLite and PostgreSQL) rather than Prisma's query builder: on this path each builder
 * call costs about a millisecond, and a batch needs four statements whatever its size.
 */
async function writeBatch(tx: Prisma.TransactionClient, batch: Job[]): Promise<Array<StoredOutcome | undefined>> {
  const now = new Date();
  const deliveryJobs = batch.filter((job): job is DeliveryJob => job.type === "delivery");
  const byConnection = new Map<string, DeliveryJob[]>();
  for (const job of deliveryJobs) byConnection.set(job.connection.id, [...(byConnection.get(job.connection.id) ?? []), job]);
  const perConnection = (build: (connectionId: string, jobs: DeliveryJob[]) => Prisma.Sql) =>
    Prisma.join([...byConnection].map(([connectionId, jobs]) => build(connectionId, jobs)), " OR ");

  // One read for both facts the batch needs: which deliveries were seen before, and the tickets' last known state.
  type Known = { kind: string; connectionId: string; deliveryId: string | null; ticketId: number | bigint | null; statusId: number | bigint | null; agentId: number | bigint | null };
  const known = deliveryJobs.length
    ? await tx.$queryRaw<Known[]>`
        SELECT 'delivery' AS "kind", "connectionId", "haloDeliveryId" AS "deliveryId", NULL AS "ticketId", NULL AS "statusId", NULL AS "agentId"
        FROM "WebhookDelivery" WHERE ${perConnection(
          (connectionId, jobs) =>
            Prisma.sql`("connectionId" = ${connectionId} AND "haloDeliveryId" IN (${Prisma.join(jobs.map((job) => job.delivery.deliveryId))}))`,
        )}
        UNION ALL
        SELECT 'ticket', "connectionId", NULL, "ticketId", "statusId", "agentId"
        FROM "TicketState" WHERE ${perConnection(
          (connectionId, jobs) =>
            Prisma.sql`("connectionId" = ${connectionId} AND "ticketId" IN (${Prisma.join([...new Set(jobs.map((job) => job.delivery.ticketId))])}))`,
        )}`
    : [];

  const seen = new Set(known.filter((row) => row.kind === "delivery").map((row) => `${row.connectionId}:${row.deliveryId}`));
  const ticketStates = new Map<string, HaloTicketState>(
    known
      .filter((row) => row.kind === "ticket")
      .map((row) => [`${row.connectionId}:${Number(row.ticketId)}`, { statusId: nullableNumber(row.statusId), agentId: nullableNumber(row.agentId) }]),
  );
  const changedStates = new Set<string>();
  const deliveryRows: DeliveryRow[] = [];
  const pendingEvents: PendingEvent[] = [];
  const outcomes: Array<StoredOutcome | undefined> = [];

  batch.forEach((job, jobIndex) => {
    if (job.type === "rejection") {
      deliveryRows.push({
        connectionId: job.connectionId, haloDeliveryId: null, eventName: null, outcome: "rejected", reason: job.reason,
        ticketId: null, haloAgentId: null, occurredAt: null,
      });
      return;
    }
    const { connection, delivery } = job;
    const base = {
      connectionId: connection.id,
      eventName: delivery.eventName.slice(0, 200),
      ticketId: delivery.ticketId,
      haloAgentId: attributedAgentId(delivery),
      occurredAt: delivery.occurredAt,
    };
    const ignore = (reason: string) => {
      deliveryRows.push({ ...base, haloDeliveryId: delivery.deliveryId, outcome: "ignored", reason });
      outcomes[jobIndex] = { outcome: "ignored", reason, rows: [] };
    };

    const deliveryKey = `${connection.id}:${delivery.deliveryId}`;
    if (seen.has(deliveryKey)) {
      const reason = `Delivery ${delivery.deliveryId} was already received`;
      deliveryRows.push({ ...base, haloDeliveryId: null, outcome: "repeated", reason });
      outcomes[jobIndex] = { outcome: "repeated", reason, rows: [] };
      return;
    }
    seen.add(deliveryKey);

    if (!connection.connectedAt || delivery.occurredAt < connection.connectedAt) return ignore(BEFORE_CONNECTION_REASON);

    const stateKey = `${connection.id}:${delivery.ticketId}`;
    const previous = ticketStates.get(stateKey) ?? null;
    const classification = classifyHaloDelivery(delivery, previous);
    ticketStates.set(stateKey, nextTicketState(delivery, previous));
    changedStates.add(stateKey);
    if ("ignored" in classification) return ignore(classification.reason);

    const agentId = attributedAgentId(delivery);
    const person = agentId === null ? undefined : connection.mappedAgents.get(agentId);
    if (!person) {
      return ignore(
        agentId === null
          ? `${NO_MAPPED_AGENT_REASON}: ticket ${delivery.ticketId} is unassigned`
          : `${NO_MAPPED_AGENT_REASON}: Halo agent ${agentId} is not mapped to a WorkSights user`,
      );
    }

    deliveryRows.push({ ...base, haloDeliveryId: delivery.deliveryId, outcome: "accepted", reason: null });
    const statusName = classification.kind === "status_changed" ? statusNameOf(connection, delivery) : null;
    pendingEvents.push({
      jobIndex,
      row: {
        kind: classification.kind,
        person: { id: person.userId, name: person.userName },
        ticketId: delivery.ticketId,
        ticketNumber: haloTicketNumber(delivery.ticketId),
        ticketUrl: haloTicketUrl(connection.tenantUrl, delivery.ticketId),
        statusName,
        occurredAt: delivery.occurredAt.toISOString(),
      },
      values: Prisma.sql`(${connection.organizationId}, ${connection.id}, ${person.userId}, ${agentId!}, ${delivery.ticketId}, ${classification.kind}, ${statusName}, ${delivery.occurredAt}, ${now})`,
    });
    outcomes[jobIndex] = { outcome: "accepted", rows: [] };
  });

  await tx.$executeRaw`
    INSERT INTO "WebhookDelivery" ("id", "connectionId", "haloDeliveryId", "eventName", "outcome", "reason", "ticketId", "haloAgentId", "occurredAt", "receivedAt")
    VALUES ${Prisma.join(
      deliveryRows.map(
        (row) =>
          Prisma.sql`(${randomUUID()}, ${row.connectionId}, ${row.haloDeliveryId}, ${row.eventName}, ${row.outcome}, ${row.reason}, ${row.ticketId}, ${row.haloAgentId}, ${row.occurredAt}, ${now})`,
      ),
    )}`;
  if (changedStates.size > 0) {
    await tx.$executeRaw`
      INSERT INTO "TicketState" ("connectionId", "ticketId", "statusId", "agentId", "updatedAt")
      VALUES ${Prisma.join(
        [...changedStates].map((key) => {
          const [connectionId, ticketId] = key.split(":") as [string, string];
          const state = ticketStates.get(key)!;
          return Prisma.sql`(${connectionId}, ${Number(ticketId)}, ${state.statusId}, ${state.agentId}, ${now})`;
        }),
      )}
      ON CONFLICT ("connectionId", "ticketId") DO UPDATE SET
        "statusId" = excluded."statusId", "agentId" = excluded."agentId", "updatedAt" = excluded."updatedAt"`;
  }
  if (pendingEvents.length > 0) {
    const created = await tx.$queryRaw<Array<{ id: number | bigint }>>`
      INSERT INTO "TimelineEvent" ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "statusName", "occurredAt", "createdAt")
      VALUES ${Prisma.join(pendingEvents.map((event) => event.values))}
      RETURNING "id"`;
    // Autoincrement ids follow insertion order, whatever order RETURNING lists the rows in.
    const ids = created.map((row) => Number(row.id)).sort((a, b) => a - b);
    pendingEvents.forEach((pending, index) => {
      (outcomes[pending.jobIndex]!.rows as TimelineRow[]).push({ id: ids[index]!, ...pending.row });
    });
  }
  // "Last event received" needs no finer grain than a second; skipping the rest saves a statement per batch.
  const stale = [...byConnection.keys()].filter((id) => now.getTime() - (lastEventWrittenAt.get(id) ?? 0) >= LAST_EVENT_PRECISION_MS);
  if (stale.length > 0) {
    await tx.$executeRaw`UPDATE "HaloConnection" SET "lastEventAt" = ${now} WHERE "id" IN (${Prisma.join(stale)})`;
    for (const id of stale) lastEventWrittenAt.set(id, now.getTime());
  }
  return outcomes;
}

function statusNameOf(connection: IngestConnection, delivery: HaloDelivery): string | null {
  if (delivery.statusName) return delivery.statusName;
  if (delivery.statusId === null) return null;
  const known = connection.statusNames.get(delivery.statusId);
  if (!known) refreshStatusNamesLater(connection.id);
  return known ?? null;
}

function nullableNumber(value: number | bigint | null): number | null {
  return value === null ? null : Number(value);
}

import "server-only";
import type { Prisma } from "@prisma/client";
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
import type { TimelineKind, TimelineRow } from "./types";

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

type PendingEvent = { jobIndex: number; data: Prisma.TimelineEventCreateManyInput; userName: string; tenantUrl: string };

async function writeBatch(tx: Prisma.TransactionClient, batch: Job[]): Promise<Array<StoredOutcome | undefined>> {
  const deliveryJobs = batch.filter((job): job is DeliveryJob => job.type === "delivery");
  const byConnection = new Map<string, DeliveryJob[]>();
  for (const job of deliveryJobs) byConnection.set(job.connection.id, [...(byConnection.get(job.connection.id) ?? []), job]);

  const [known, states] = deliveryJobs.length
    ? await Promise.all([
        tx.webhookDelivery.findMany({
          where: { OR: [...byConnection].map(([connectionId, jobs]) => ({ connectionId, haloDeliveryId: { in: jobs.map((job) => job.delivery.deliveryId) } })) },
          select: { connectionId: true, haloDeliveryId: true },
        }),
        tx.ticketState.findMany({
          where: { OR: [...byConnection].map(([connectionId, jobs]) => ({ connectionId, ticketId: { in: jobs.map((job) => job.delivery.ticketId) } })) },
        }),
      ])
    : [[], []];

  const seen = new Set(known.map((row) => `${row.connectionId}:${row.haloDeliveryId}`));
  const ticketStates = new Map<string, HaloTicketState>(states.map((row) => [`${row.connectionId}:${row.ticketId}`, row]));
  const changedStates = new Set<string>();
  const deliveryRows: Prisma.WebhookDeliveryCreateManyInput[] = [];
  const pendingEvents: PendingEvent[] = [];
  const outcomes: Array<StoredOutcome | undefined> = [];

  batch.forEach((job, jobIndex) => {
    if (job.type === "rejection") {
      deliveryRows.push({ connectionId: job.connectionId, outcome: "rejected", reason: job.reason });
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
      deliveryRows.push({ ...base, outcome: "repeated", reason });
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

    deliveryRows.push({ ...base, haloDeliveryId: delivery.deliveryId, outcome: "accepted" });
    pendingEvents.push({
      jobIndex,
      userName: person.userName,
      tenantUrl: connection.tenantUrl,
      data: {
        organizationId: connection.organizationId,
        connectionId: connection.id,
        userId: person.userId,
        haloAgentId: agentId!,
        ticketId: delivery.ticketId,
        kind: classification.kind,
        statusName: classification.kind === "status_changed" ? statusNameOf(connection, delivery) : null,
        occurredAt: delivery.occurredAt,
      },
    });
    outcomes[jobIndex] = { outcome: "accepted", rows: [] };
  });

  await tx.webhookDelivery.createMany({ data: deliveryRows });
  if (changedStates.size > 0) {
    const changed = [...changedStates].map((key) => {
      const [connectionId, ticketId] = key.split(":") as [string, string];
      return { connectionId, ticketId: Number(ticketId), ...ticketStates.get(key)! };
    });
    await tx.ticketState.deleteMany({ where: { OR: changed.map(({ connectionId, ticketId }) => ({ connectionId, ticketId })) } });
    await tx.ticketState.createMany({
      data: changed.map(({ connectionId, ticketId, statusId, agentId }) => ({ connectionId, ticketId, statusId, agentId })),
    });
  }
  if (pendingEvents.length > 0) {
    const created = await tx.timelineEvent.createManyAndReturn({ data: pendingEvents.map((event) => event.data) });
    // Autoincrement ids follow insertion order, whatever order RETURNING lists the rows in.
    created.sort((a, b) => a.id - b.id).forEach((row, index) => {
      const pending = pendingEvents[index]!;
      (outcomes[pending.jobIndex]!.rows as TimelineRow[]).push({
        id: row.id,
        kind: row.kind as TimelineKind,
        person: { id: row.userId, name: pending.userName },
        ticketId: row.ticketId,
        ticketNumber: haloTicketNumber(row.ticketId),
        ticketUrl: haloTicketUrl(pending.tenantUrl, row.ticketId),
        statusName: row.statusName,
        occurredAt: row.occurredAt.toISOString(),
      });
    });
  }
  if (byConnection.size > 0) {
    await tx.haloConnection.updateMany({ where: { id: { in: [...byConnection.keys()] } }, data: { lastEventAt: new Date() } });
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

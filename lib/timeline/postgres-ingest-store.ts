import "server-only";
import type pg from "pg";
import { TIMELINE_CHANNEL } from "@/lib/db/postgres-listener";
import { postgresPool } from "@/lib/db/postgres-pool";
import { isPostgresRetryable, isPostgresUnavailable } from "@/lib/db/postgres-errors";
import { deliveryKey, planBatch, ticketKey, type IngestJob, type KnownTicket } from "./ingest-plan";
import type { IngestStore, WrittenBatch } from "./ingest-store-contract";
import { encodeAnnouncement } from "./postgres-timeline-bus";
import type { TimelineRow } from "./types";

// Each statement takes whole columns as arrays (unnest), so a batch of any size is one round trip per table.
const SQL = {
  // Batches that touch the same organization's timeline (or, for refusals only, the same connection) run one after
  // another on every instance, as SQLite's write lock does.
  lockWriters: `SELECT pg_advisory_xact_lock(hashtextextended('worksights:ingest:' || key, 0))
    FROM unnest($1::text[]) AS key ORDER BY key`,
  seenDeliveries: `SELECT d."connectionId", d."haloDeliveryId" FROM "WebhookDelivery" d
    JOIN unnest($1::text[], $2::text[]) AS k("connectionId", "haloDeliveryId")
      ON d."connectionId" = k."connectionId" AND d."haloDeliveryId" = k."haloDeliveryId"`,
  ticketStates: `SELECT s."connectionId", s."ticketId", s."statusId", s."agentId", s."summary", s."clientName", s."asOf" FROM "TicketState" s
    JOIN unnest($1::text[], $2::int[]) AS k("connectionId", "ticketId")
      ON s."connectionId" = k."connectionId" AND s."ticketId" = k."ticketId"`,
  insertDeliveries: `INSERT INTO "WebhookDelivery"
    ("id", "connectionId", "haloDeliveryId", "eventName", "outcome", "reason", "ticketId", "haloAgentId", "occurredAt", "receivedAt")
    SELECT gen_random_uuid()::text, c, d, e, o, r, t, a, oa, $9::timestamp(3)
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::timestamp(3)[])
      AS x(c, d, e, o, r, t, a, oa)
    ON CONFLICT ("connectionId", "haloDeliveryId") DO NOTHING
    RETURNING "haloDeliveryId"`,
  // Summary and customer are kept only while the connection's stored switch is on (see the SQLite store).
  upsertTicketStates: `INSERT INTO "TicketState" ("connectionId", "ticketId", "statusId", "agentId", "summary", "clientName", "asOf", "updatedAt")
    SELECT x.c, x.t, x.s, x.a,
      CASE WHEN h."showTicketSummaries" THEN x.sm ELSE NULL END,
      CASE WHEN h."showTicketSummaries" THEN x.cn ELSE NULL END, x.ao, $8::timestamp(3)
    FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::timestamp(3)[]) AS x(c, t, s, a, sm, cn, ao)
    JOIN "HaloConnection" h ON h."id" = x.c
    ON CONFLICT ("connectionId", "ticketId") DO UPDATE SET
      "statusId" = excluded."statusId", "agentId" = excluded."agentId", "summary" = excluded."summary",
      "clientName" = excluded."clientName", "asOf" = excluded."asOf", "updatedAt" = excluded."updatedAt"`,
  // Ids come from the sequence in the order rows are inserted (ORDER BY n), so sorted ids match the input order.
  insertEvents: `INSERT INTO "TimelineEvent"
    ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "statusName", "occurredAt", "recoveredFrom", "createdAt")
    SELECT o, c, u, a, t, k, s, oa, rf, $10::timestamp(3)
    FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::timestamp(3)[], $9::text[])
      WITH ORDINALITY AS x(o, c, u, a, t, k, s, oa, rf, n)
    ORDER BY n
    RETURNING "id"`,
  // Delivered to every listening instance only if and when the transaction commits.
  announce: `SELECT pg_notify($1, $2)`,
  touchConnections: `UPDATE "HaloConnection" SET "lastEventAt" = $1::timestamp(3) WHERE "id" = ANY($2::text[])`,
  probe: `INSERT INTO "HealthProbe" ("id", "checkedAt") VALUES ('ingest', $1::timestamp(3))
    ON CONFLICT ("id") DO UPDATE SET "checkedAt" = excluded."checkedAt"`,
} as const;

const ANNOUNCE_CHUNK = 400;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The PostgreSQL ingest store: one transaction per batch from this instance's bounded pool. Idempotency rests on
 * the unique (connection, delivery id): the transaction lock (per organization, see `writerLockKeys`) makes the plan
 * see every committed delivery, and ON CONFLICT keeps a second copy out even so. Nothing is visible until COMMIT, and the caller
 * answers 2xx only after it.
 */
export function postgresIngestStore(pool: () => pg.Pool = postgresPool): IngestStore {
  return {
    isRetryable: isPostgresRetryable,
    isUnavailable: isPostgresUnavailable,
    async write(jobs, now, touchConnectionIds, deadline) {
      const client = await pool().connect();
      let healthy = true;
      try {
        await client.query("BEGIN");
        if (deadline !== undefined) {
          // The server cancels the transaction (57014, "unavailable") rather than keep a delivery past its answer.
          await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(deadline - Date.now()))}`);
        }
        const written = await writeBatch(client, jobs, now, touchConnectionIds);
        await client.query("COMMIT");
        return written;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => (healthy = false));
        throw error;
      } finally {
        // A connection that failed mid-transaction is not trusted again.
        client.release(healthy ? undefined : true);
      }
    },
  };
}

/**
 * Deliveries lock their organization, not only their connection: the live bus delivers "after the last id, up to
 * the announced one", which needs an organization's timeline rows to commit in id order even when it has several
 * Halo connections. Refusals write no timeline rows and lock their connection only.
 */
function writerLockKeys(jobs: readonly IngestJob[]): string[] {
  const keys = jobs.flatMap((job) =>
    job.type === "delivery" ? [`organization:${job.connection.organizationId}`] : job.type === "rejection" ? [`connection:${job.connectionId}`] : [],
  );
  return [...new Set(keys)];
}

async function writeBatch(client: pg.PoolClient, jobs: readonly IngestJob[], now: Date, touchConnectionIds: readonly string[]): Promise<WrittenBatch> {
  await client.query(SQL.lockWriters, [writerLockKeys(jobs)]);
  const plan = planBatch(jobs, await readKnown(client, jobs));
  const stamp = now.toISOString();

  if (plan.deliveryRows.length > 0) {
    const rows = plan.deliveryRows;
    const inserted = await client.query<{ haloDeliveryId: string | null }>(SQL.insertDeliveries, [
      rows.map((row) => row.connectionId), rows.map((row) => row.haloDeliveryId), rows.map((row) => row.eventName),
      rows.map((row) => row.outcome), rows.map((row) => row.reason), rows.map((row) => row.ticketId),
      rows.map((row) => row.haloAgentId), rows.map((row) => iso(row.occurredAt)), stamp,
    ]);
    if (inserted.rowCount !== rows.length) {
      // Only possible if the transaction lock were bypassed: roll back and let the batch be planned again.
      throw Object.assign(new Error("a delivery id was stored concurrently"), { code: "40001" });
    }
  }
  if (plan.ticketStates.length > 0) {
    const states = plan.ticketStates;
    await client.query(SQL.upsertTicketStates, [
      states.map((state) => state.connectionId), states.map((state) => state.ticketId),
      states.map((state) => state.statusId), states.map((state) => state.agentId),
      states.map((state) => state.summary), states.map((state) => state.clientName), states.map((state) => iso(state.asOf)), stamp,
    ]);
  }
  if (plan.events.length > 0) {
    const events = plan.events;
    const { rows: ids } = await client.query<{ id: number }>(SQL.insertEvents, [
      events.map((event) => event.organizationId), events.map((event) => event.connectionId),
      events.map((event) => event.userId), events.map((event) => event.haloAgentId), events.map((event) => event.ticketId),
      events.map((event) => event.kind), events.map((event) => event.statusName), events.map((event) => iso(event.occurredAt)),
      events.map((event) => event.recoveredFrom), stamp,
    ]);
    const sorted = ids.map((row) => row.id).sort((a, b) => a - b);
    const announced = new Map<string, number[]>();
    events.forEach((event, index) => {
      const outcome = plan.outcomes[event.jobIndex];
      if (outcome?.outcome === "accepted") outcome.rows.push({ id: sorted[index]!, ...event.row } satisfies TimelineRow);
      announced.set(event.organizationId, [...(announced.get(event.organizationId) ?? []), sorted[index]!]);
    });
    for (const [organizationId, organizationIds] of announced) {
      // A NOTIFY payload holds under 8 kB: a few hundred ids at most.
      for (let start = 0; start < organizationIds.length; start += ANNOUNCE_CHUNK) {
        await client.query(SQL.announce, [TIMELINE_CHANNEL, encodeAnnouncement({ organizationId, ids: organizationIds.slice(start, start + ANNOUNCE_CHUNK) })]);
      }
    }
  }
  if (touchConnectionIds.length > 0) await client.query(SQL.touchConnections, [stamp, [...touchConnectionIds]]);
  if (jobs.some((job) => job.type === "probe")) await client.query(SQL.probe, [stamp]);
  return { outcomes: plan.outcomes, unknownStatusConnections: plan.unknownStatusConnections };
}

async function readKnown(client: pg.PoolClient, jobs: readonly IngestJob[]) {
  const deliveries: Array<[string, string]> = [];
  const tickets = new Map<string, [string, number]>();
  for (const job of jobs) {
    if (job.type !== "delivery") continue;
    deliveries.push([job.connection.id, job.delivery.deliveryId]);
    tickets.set(ticketKey(job.connection.id, job.delivery.ticketId), [job.connection.id, job.delivery.ticketId]);
  }
  const seenDeliveries = new Set<string>();
  const ticketStates = new Map<string, KnownTicket>();
  if (deliveries.length === 0) return { seenDeliveries, ticketStates };
  const [seen, states] = [
    await client.query<{ connectionId: string; haloDeliveryId: string }>(SQL.seenDeliveries, [
      deliveries.map(([connectionId]) => connectionId), deliveries.map(([, deliveryId]) => deliveryId),
    ]),
    await client.query<{ connectionId: string; ticketId: number } & KnownTicket>(SQL.ticketStates, [
      [...tickets.values()].map(([connectionId]) => connectionId), [...tickets.values()].map(([, ticketId]) => ticketId),
    ]),
  ];
  for (const row of seen.rows) seenDeliveries.add(deliveryKey(row.connectionId, row.haloDeliveryId));
  for (const row of states.rows) {
    ticketStates.set(ticketKey(row.connectionId, row.ticketId), {
      statusId: row.statusId, agentId: row.agentId, summary: row.summary, clientName: row.clientName, asOf: row.asOf,
    });
  }
  return { seenDeliveries, ticketStates };
}

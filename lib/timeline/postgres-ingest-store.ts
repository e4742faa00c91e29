import "server-only";
import type pg from "pg";
import { TIMELINE_CHANNEL } from "@/lib/db/postgres-listener";
import { postgresPool } from "@/lib/db/postgres-pool";
import { isPostgresRetryable, isPostgresUnavailable } from "@/lib/db/postgres-errors";
import { deliveryKey, planBatch, ticketKey, type IngestJob, type KnownTicket } from "./ingest-plan";
import type { IngestStore, WrittenBatch } from "./ingest-store-contract";
import { INSTANCE_ID } from "./postgres-timeline-bus";
import type { TimelineRow } from "./types";

// Each statement takes whole columns as arrays (unnest), so a batch of any size is one round trip per step, and the
// steps are few: BEGIN with the timeout, the lock, one read of what is known, one statement that writes everything,
// COMMIT. Each round trip waits for this process's event loop, which under load is the larger part of a batch's time.
const SQL = {
  // Batches that touch the same organization's timeline (or, for refusals only, the same connection) run one after
  // another on every instance, as SQLite's write lock does. The lock is a statement of its own: the reads that
  // follow must take their snapshot after it is granted.
  lockWriters: `SELECT pg_advisory_xact_lock(hashtextextended('worksights:ingest:' || key, 0))
    FROM unnest($1::text[]) AS key ORDER BY key`,
  // Delivery ids already stored ("d") and the tickets' last states ("s"), in one round trip.
  known: `SELECT 'd' AS "what", d."connectionId", d."haloDeliveryId", NULL::int AS "ticketId", NULL::int AS "statusId",
      NULL::int AS "agentId", NULL::text AS "summary", NULL::text AS "clientName", NULL::timestamp(3) AS "asOf"
    FROM "WebhookDelivery" d
    JOIN unnest($1::text[], $2::text[]) AS k("connectionId", "haloDeliveryId")
      ON d."connectionId" = k."connectionId" AND d."haloDeliveryId" = k."haloDeliveryId"
    UNION ALL
    SELECT 's', s."connectionId", NULL, s."ticketId", s."statusId", s."agentId", s."summary", s."clientName", s."asOf" FROM "TicketState" s
    JOIN unnest($3::text[], $4::int[]) AS k("connectionId", "ticketId")
      ON s."connectionId" = k."connectionId" AND s."ticketId" = k."ticketId"`,
  // The delivery log, ticket states, timeline rows, their announcement and "last event received", as one statement.
  // Event ids come from the sequence in the order rows are inserted (ORDER BY n), so sorted ids match the input
  // order. The announcement (NOTIFY, delivered to every listening instance only if and when the transaction commits)
  // has the shape encodeAnnouncement writes, a few hundred ids at most each, as a payload holds under 8 kB.
  write: `WITH
    deliveries AS (
      INSERT INTO "WebhookDelivery"
        ("id", "connectionId", "haloDeliveryId", "eventName", "outcome", "reason", "ticketId", "haloAgentId", "occurredAt", "receivedAt")
      SELECT gen_random_uuid()::text, c, d, e, o, r, t, a, oa, $1::timestamp(3)
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::timestamp(3)[])
        AS x(c, d, e, o, r, t, a, oa)
      ON CONFLICT ("connectionId", "haloDeliveryId") DO NOTHING
      RETURNING 1),
    -- Summary and customer are kept only while the connection's stored switch is on (see the SQLite store).
    states AS (
      INSERT INTO "TicketState" ("connectionId", "ticketId", "statusId", "agentId", "summary", "clientName", "asOf", "updatedAt")
      SELECT x.c, x.t, x.s, x.a,
        CASE WHEN h."showTicketSummaries" THEN x.sm ELSE NULL END,
        CASE WHEN h."showTicketSummaries" THEN x.cn ELSE NULL END, x.ao, $1::timestamp(3)
      FROM unnest($10::text[], $11::int[], $12::int[], $13::int[], $14::text[], $15::text[], $16::timestamp(3)[]) AS x(c, t, s, a, sm, cn, ao)
      JOIN "HaloConnection" h ON h."id" = x.c
      ON CONFLICT ("connectionId", "ticketId") DO UPDATE SET
        "statusId" = excluded."statusId", "agentId" = excluded."agentId", "summary" = excluded."summary",
        "clientName" = excluded."clientName", "asOf" = excluded."asOf", "updatedAt" = excluded."updatedAt"
      RETURNING 1),
    events AS (
      INSERT INTO "TimelineEvent"
        ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "statusName", "occurredAt", "recoveredFrom", "createdAt")
      SELECT o, c, u, a, t, k, s, oa, rf, $1::timestamp(3)
      FROM unnest($17::text[], $18::text[], $19::text[], $20::int[], $21::int[], $22::text[], $23::text[], $24::timestamp(3)[], $25::text[])
        WITH ORDINALITY AS x(o, c, u, a, t, k, s, oa, rf, n)
      ORDER BY n
      RETURNING "id", "organizationId"),
    announced AS (
      SELECT pg_notify($26, json_build_object('o', o, 'i', array_agg("id" ORDER BY "id"), 's', $28::text)::text)
      FROM (SELECT "organizationId" AS o, "id", (row_number() OVER (PARTITION BY "organizationId" ORDER BY "id") - 1) / 400 AS chunk FROM events) x
      GROUP BY o, chunk),
    touched AS (
      UPDATE "HaloConnection" SET "lastEventAt" = $1::timestamp(3) WHERE "id" = ANY($27::text[])
      RETURNING 1)
    SELECT (SELECT count(*) FROM deliveries)::int AS "deliveries", (SELECT count(*) FROM announced)::int AS "announcements",
      (SELECT count(*) FROM touched)::int AS "touched", (SELECT count(*) FROM states)::int AS "states",
      COALESCE((SELECT array_agg("id" ORDER BY "id") FROM events), '{}') AS "eventIds"`,
  probe: `INSERT INTO "HealthProbe" ("id", "checkedAt") VALUES ('ingest', $1::timestamp(3))
    ON CONFLICT ("id") DO UPDATE SET "checkedAt" = excluded."checkedAt"`,
} as const;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The PostgreSQL ingest store: one transaction per batch from this instance's bounded pool. Idempotency rests on
 * the unique (connection, delivery id): the transaction lock (per organization, see `writerLockKeys`) makes the plan
 * see every committed delivery, and ON CONFLICT keeps a second copy out even so. Nothing is visible until COMMIT, and the caller
 * answers 2xx only after it.
 */
export function postgresIngestStore(pool: () => pg.Pool = postgresPool, origin: string = INSTANCE_ID): IngestStore {
  return {
    isRetryable: isPostgresRetryable,
    isUnavailable: isPostgresUnavailable,
    async write(jobs, now, touchConnectionIds, deadline) {
      const client = await pool().connect();
      let healthy = true;
      try {
        // The server cancels the transaction (57014, "unavailable") rather than keep a delivery past its answer.
        await client.query(deadline === undefined ? "BEGIN" : `BEGIN; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(deadline - Date.now()))}`);
        const written = await writeBatch(client, jobs, now, touchConnectionIds, origin);
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

async function writeBatch(
  client: pg.PoolClient,
  jobs: readonly IngestJob[],
  now: Date,
  touchConnectionIds: readonly string[],
  origin: string,
): Promise<WrittenBatch> {
  await client.query(SQL.lockWriters, [writerLockKeys(jobs)]);
  const plan = planBatch(jobs, await readKnown(client, jobs));
  const stamp = now.toISOString();

  const { deliveryRows: rows, ticketStates: states, events } = plan;
  if (rows.length + states.length + events.length + touchConnectionIds.length > 0) {
    const { rows: [written] } = await client.query<{ deliveries: number; eventIds: number[] }>(SQL.write, [
      stamp,
      rows.map((row) => row.connectionId), rows.map((row) => row.haloDeliveryId), rows.map((row) => row.eventName),
      rows.map((row) => row.outcome), rows.map((row) => row.reason), rows.map((row) => row.ticketId),
      rows.map((row) => row.haloAgentId), rows.map((row) => iso(row.occurredAt)),
      states.map((state) => state.connectionId), states.map((state) => state.ticketId),
      states.map((state) => state.statusId), states.map((state) => state.agentId),
      states.map((state) => state.summary), states.map((state) => state.clientName), states.map((state) => iso(state.asOf)),
      events.map((event) => event.organizationId), events.map((event) => event.connectionId),
      events.map((event) => event.userId), events.map((event) => event.haloAgentId), events.map((event) => event.ticketId),
      events.map((event) => event.kind), events.map((event) => event.statusName), events.map((event) => iso(event.occurredAt)),
      events.map((event) => event.recoveredFrom),
      TIMELINE_CHANNEL, [...touchConnectionIds], origin,
    ]);
    if (written!.deliveries !== rows.length) {
      // Only possible if the transaction lock were bypassed: roll back and let the batch be planned again.
      throw Object.assign(new Error("a delivery id was stored concurrently"), { code: "40001" });
    }
    events.forEach((event, index) => {
      const outcome = plan.outcomes[event.jobIndex];
      if (outcome?.outcome === "accepted") outcome.rows.push({ id: written!.eventIds[index]!, ...event.row } satisfies TimelineRow);
    });
  }
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
  const known = await client.query<{ what: "d" | "s"; connectionId: string; haloDeliveryId: string; ticketId: number } & KnownTicket>(
    SQL.known,
    [
      deliveries.map(([connectionId]) => connectionId), deliveries.map(([, deliveryId]) => deliveryId),
      [...tickets.values()].map(([connectionId]) => connectionId), [...tickets.values()].map(([, ticketId]) => ticketId),
    ],
  );
  for (const row of known.rows) {
    if (row.what === "d") seenDeliveries.add(deliveryKey(row.connectionId, row.haloDeliveryId));
    else {
      ticketStates.set(ticketKey(row.connectionId, row.ticketId), {
        statusId: row.statusId, agentId: row.agentId, summary: row.summary, clientName: row.clientName, asOf: row.asOf,
      });
    }
  }
  return { seenDeliveries, ticketStates };
}

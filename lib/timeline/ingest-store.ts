import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { ingestSqlite, isSqliteBusy, needsNewSqliteHandle, reopenIngestSqliteOnNextUse, sqliteDateTime } from "@/lib/db/sqlite-ingest-connection";
import { deliveryKey, planBatch, ticketKey, type IngestJob, type KnownTicket } from "./ingest-plan";
import type { IngestStore, WrittenBatch } from "./ingest-store-contract";
import type { TimelineRow } from "./types";

// Plain SQL that PostgreSQL also accepts (json_each aside), so a PostgreSQL store can follow the same statements.
const SQL = {
  seenDeliveries: `SELECT "haloDeliveryId" AS "deliveryId" FROM "WebhookDelivery"
    WHERE "connectionId" = ? AND "haloDeliveryId" IN (SELECT value FROM json_each(?))`,
  ticketStates: `SELECT "ticketId", "statusId", "agentId", "summary", "clientName", "asOf" FROM "TicketState"
    WHERE "connectionId" = ? AND "ticketId" IN (SELECT value FROM json_each(?))`,
  insertDelivery: `INSERT INTO "WebhookDelivery"
    ("id", "connectionId", "haloDeliveryId", "eventName", "outcome", "reason", "ticketId", "haloAgentId", "occurredAt", "receivedAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  // Summary and customer are written only while the connection's switch is on in the database itself, so a
  // delivery planned just before an admin switched summaries off cannot store one after they were erased.
  upsertTicketState: `INSERT INTO "TicketState" ("connectionId", "ticketId", "statusId", "agentId", "summary", "clientName", "asOf", "updatedAt")
    SELECT ?, ?, ?, ?,
      CASE WHEN c."showTicketSummaries" THEN ? ELSE NULL END,
      CASE WHEN c."showTicketSummaries" THEN ? ELSE NULL END, ?, ?
    FROM "HaloConnection" c WHERE c."id" = ?
    ON CONFLICT ("connectionId", "ticketId") DO UPDATE SET
      "statusId" = excluded."statusId", "agentId" = excluded."agentId", "summary" = excluded."summary",
      "clientName" = excluded."clientName", "asOf" = excluded."asOf", "updatedAt" = excluded."updatedAt"`,
  insertEvent: `INSERT INTO "TimelineEvent"
    ("organizationId", "connectionId", "userId", "haloAgentId", "ticketId", "kind", "statusName", "occurredAt", "recoveredFrom", "createdAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
  touchConnection: `UPDATE "HaloConnection" SET "lastEventAt" = ? WHERE "id" = ?`,
  probe: `INSERT INTO "HealthProbe" ("id", "checkedAt") VALUES ('ingest', ?)
    ON CONFLICT ("id") DO UPDATE SET "checkedAt" = excluded."checkedAt"`,
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };
const prepared = new WeakMap<Database.Database, Statements>();

function statements(connection: Database.Database): Statements {
  let cached = prepared.get(connection);
  if (!cached) {
    cached = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, connection.prepare(sql)])) as Statements;
    prepared.set(connection, cached);
  }
  return cached;
}

/**
 * Writes one batch in a single IMMEDIATE transaction: reads what is already known, plans, and writes the delivery
 * log, ticket states and timeline rows. Synchronous on purpose (see ingestSqlite); throws SQLITE_BUSY at once
 * when another connection holds the write lock, and rolls back entirely on any other failure.
 */
export function writeIngestBatch(jobs: readonly IngestJob[], now: Date, touchConnectionIds: readonly string[]): WrittenBatch {
  const connection = ingestSqlite();
  const sql = statements(connection);
  const write = connection.transaction(() => {
    const plan = planBatch(jobs, readKnown(sql, jobs));
    const stamp = sqliteDateTime(now);
    for (const row of plan.deliveryRows) {
      sql.insertDelivery.run(
        randomUUID(), row.connectionId, row.haloDeliveryId, row.eventName, row.outcome, row.reason,
        row.ticketId, row.haloAgentId, row.occurredAt ? sqliteDateTime(row.occurredAt) : null, stamp,
      );
    }
    for (const state of plan.ticketStates) {
      sql.upsertTicketState.run(
        state.connectionId, state.ticketId, state.statusId, state.agentId, state.summary, state.clientName,
        state.asOf ? sqliteDateTime(state.asOf) : null, stamp, state.connectionId,
      );
    }
    for (const event of plan.events) {
      const { id } = sql.insertEvent.get(
        event.organizationId, event.connectionId, event.userId, event.haloAgentId, event.ticketId,
        event.kind, event.statusName, sqliteDateTime(event.occurredAt), event.recoveredFrom, stamp,
      ) as { id: number };
      const outcome = plan.outcomes[event.jobIndex];
      if (outcome?.outcome === "accepted") outcome.rows.push({ id, ...event.row } satisfies TimelineRow);
    }
    for (const id of touchConnectionIds) sql.touchConnection.run(stamp, id);
    if (jobs.some((job) => job.type === "probe")) sql.probe.run(stamp);
    return { outcomes: plan.outcomes, unknownStatusConnections: plan.unknownStatusConnections };
  });
  return write.immediate();
}

/** The SQLite store: the synchronous writer above; SQLITE_BUSY (another connection writing) is worth a retry. */
export const sqliteIngestStore: IngestStore = {
  write: async (jobs, now, touchConnectionIds) => writeIngestBatch(jobs, now, touchConnectionIds),
  isRetryable: isSqliteBusy,
  isUnavailable: () => false,
  recoverFrom(error) {
    if (!needsNewSqliteHandle(error)) return false;
    reopenIngestSqliteOnNextUse();
    return true;
  },
};

function readKnown(sql: Statements, jobs: readonly IngestJob[]) {
  const byConnection = new Map<string, { deliveryIds: string[]; ticketIds: Set<number> }>();
  for (const job of jobs) {
    if (job.type !== "delivery") continue;
    const entry = byConnection.get(job.connection.id) ?? { deliveryIds: [], ticketIds: new Set<number>() };
    entry.deliveryIds.push(job.delivery.deliveryId);
    entry.ticketIds.add(job.delivery.ticketId);
    byConnection.set(job.connection.id, entry);
  }
  const seenDeliveries = new Set<string>();
  const ticketStates = new Map<string, KnownTicket>();
  for (const [connectionId, { deliveryIds, ticketIds }] of byConnection) {
    for (const row of sql.seenDeliveries.all(connectionId, JSON.stringify(deliveryIds)) as Array<{ deliveryId: string }>) {
      seenDeliveries.add(deliveryKey(connectionId, row.deliveryId));
    }
    const states = sql.ticketStates.all(connectionId, JSON.stringify([...ticketIds])) as Array<
      { ticketId: number; asOf: string | null } & Omit<KnownTicket, "asOf">
    >;
    for (const state of states) {
      ticketStates.set(ticketKey(connectionId, state.ticketId), {
        statusId: state.statusId, agentId: state.agentId, summary: state.summary, clientName: state.clientName,
        asOf: state.asOf ? new Date(state.asOf) : null,
      });
    }
  }
  return { seenDeliveries, ticketStates };
}

import "server-only";
import { Prisma } from "@prisma/client";
import { db, usesPostgres } from "@/lib/db/client";
import { queryRows } from "@/lib/db/raw-query";
import { sqliteDateTime } from "@/lib/db/sqlite-ingest-connection";
import { haloTicketNumber, haloTicketUrl } from "@/lib/halo/links";
import { organizationWideScope, scopeIncludes, type ViewerScope } from "@/lib/visibility/scope";
import type { TimelineFilters, TimelineKind, TimelinePage, TimelineRow } from "./types";

// Written as SQL rather than through Prisma's query builder because the keyset needs a row-value comparison
// `("occurredAt", "id") < (?, ?)`: it is the only form both SQLite and PostgreSQL can answer with one index seek
// (the equivalent `a < x OR (a = x AND b < y)` walks the index from its start). Every condition starts with the
// organization, and each filter combination has an index that ends in ("occurredAt", "id"), so no query sorts.
// tests/integration/sqlite/timeline-query-plans.test.ts and tests/integration/postgres/timeline-queries.test.ts check
// the plans on each database.

const ROW_COLUMNS = Prisma.sql`e."id", e."kind", e."connectionId", e."ticketId", e."statusName", e."occurredAt",
  u."id" AS "userId", u."name" AS "userName", t."summary" AS "ticketSummary", t."clientName" AS "clientName"`;
// The ticket's summary and customer live with the ticket (one primary-key lookup per row), so a later delivery
// that renames a ticket renames every row of it.
const ROW_SOURCES = Prisma.sql`"TimelineEvent" e JOIN "User" u ON u."id" = e."userId"
  LEFT JOIN "TicketState" t ON t."connectionId" = e."connectionId" AND t."ticketId" = e."ticketId"`;

type SelectedRow = {
  id: number | bigint;
  kind: string;
  connectionId: string;
  ticketId: number | bigint;
  statusName: string | null;
  occurredAt: Date | string;
  userId: string;
  userName: string;
  ticketSummary: string | null;
  clientName: string | null;
};

/** A timestamp as the stored column compares it: SQLite keeps Prisma's ISO text, PostgreSQL a timestamp. */
const at = (date: Date): Date | string => (usesPostgres() ? date : sqliteDateTime(date));

type ConnectionsById = Map<string, { name: string; tenantUrl: string }>;

/** The organization's connections (a handful): each row's label, and the tenant address its ticket link goes to. */
async function connectionsOf(organizationId: string): Promise<ConnectionsById> {
  const rows = await db.haloConnection.findMany({
    where: { organizationId },
    select: { id: true, name: true, tenantUrl: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return new Map(rows.map((row) => [row.id, { name: row.name, tenantUrl: row.tenantUrl }]));
}

function toRow(event: SelectedRow, connections: ConnectionsById): TimelineRow {
  const ticketId = Number(event.ticketId);
  const connection = connections.get(event.connectionId) ?? { name: "", tenantUrl: "" };
  return {
    id: Number(event.id),
    kind: event.kind as TimelineKind,
    person: { id: event.userId, name: event.userName },
    connection: { id: event.connectionId, name: connection.name },
    ticketId,
    ticketNumber: haloTicketNumber(ticketId),
    ticketUrl: haloTicketUrl(connection.tenantUrl, ticketId),
    ticketSummary: event.ticketSummary,
    clientName: event.clientName,
    statusName: event.statusName,
    occurredAt: new Date(event.occurredAt).toISOString(),
  };
}

function cursorOf(row: TimelineRow): string {
  return `${Date.parse(row.occurredAt)}_${row.id}`;
}

/**
 * The person condition for a viewer (lib/visibility decides who sees whom): none for someone who sees everyone,
 * else the people they may see, narrowed to one requested person. Null: the viewer may see nothing asked for.
 */
function scopedPeople(scope: ViewerScope, requestedUserId?: string): Prisma.Sql[] | null {
  if (requestedUserId) return scopeIncludes(scope, requestedUserId) ? [Prisma.sql`e."userId" = ${requestedUserId}`] : null;
  if (scope.everyone) return [];
  return [Prisma.sql`e."userId" IN (${Prisma.join([...scope.people])})`];
}

/** One page of the timeline the viewer may see, newest first, after `cursor` (keyset on occurredAt, id). */
export async function listTimeline(
  scope: ViewerScope,
  filters: TimelineFilters,
  page: { cursor?: string; limit: number },
): Promise<TimelinePage> {
  const organizationId = scope.organizationId;
  const people = scopedPeople(scope, filters.userId);
  if (!people) return { rows: [], nextCursor: null };
  const conditions = [Prisma.sql`e."organizationId" = ${organizationId}`, ...people];
  if (filters.kind) conditions.push(Prisma.sql`e."kind" = ${filters.kind}`);
  if (filters.connectionId) conditions.push(Prisma.sql`e."connectionId" = ${filters.connectionId}`);
  if (filters.from) conditions.push(Prisma.sql`e."occurredAt" >= ${at(new Date(filters.from))}`);
  if (filters.to) conditions.push(Prisma.sql`e."occurredAt" <= ${at(new Date(filters.to))}`);
  if (page.cursor) {
    const [ms, id] = page.cursor.split("_").map(Number) as [number, number];
    conditions.push(Prisma.sql`(e."occurredAt", e."id") < (${at(new Date(ms))}, ${id})`);
  }
  const [events, connections] = await Promise.all([
    queryRows<SelectedRow>(Prisma.sql`SELECT ${ROW_COLUMNS} FROM ${ROW_SOURCES}
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY e."occurredAt" DESC, e."id" DESC
      LIMIT ${page.limit + 1}`),
    connectionsOf(organizationId),
  ]);
  const rows = events.slice(0, page.limit).map((event) => toRow(event, connections));
  return { rows, nextCursor: events.length > page.limit ? cursorOf(rows.at(-1)!) : null };
}

/** Rows the viewer may see stored after `afterId` (in the order they were stored), for a stream that catches up. */
export async function timelineRowsAfter(scope: ViewerScope, afterId: number, limit: number): Promise<TimelineRow[]> {
  const organizationId = scope.organizationId;
  const people = scopedPeople(scope) ?? [];
  const conditions = [Prisma.sql`e."organizationId" = ${organizationId}`, ...people, Prisma.sql`e."id" > ${afterId}`];
  const [events, connections] = await Promise.all([
    queryRows<SelectedRow>(Prisma.sql`SELECT ${ROW_COLUMNS} FROM ${ROW_SOURCES}
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY e."id" ASC
      LIMIT ${limit}`),
    connectionsOf(organizationId),
  ]);
  return events.map((event) => toRow(event, connections));
}

/** The id of the newest stored row, or 0: where a fresh live stream starts. One seek on (organizationId, id). */
export async function latestTimelineEventId(organizationId: string): Promise<number> {
  const latest = await db.timelineEvent.findFirst({ where: { organizationId }, select: { id: true }, orderBy: { id: "desc" } });
  return latest?.id ?? 0;
}

/**
 * People the person filter (and the day view) offers, by name: those the viewer may see with a mapped (not
 * ignored) Halo agent in any of the organization's connections, or any activity. Both EXISTS are scoped by the
 * organization so each is an index seek per person (and connection) (Prisma's `some` filter leaves the organization out of the subquery, which then reads the whole timeline
 * for every person without activity).
 */
export async function timelinePeople(scope: ViewerScope): Promise<{ id: string; name: string; timeZone: string | null }[]> {
  const organizationId = scope.organizationId;
  const visible = scope.everyone ? Prisma.empty : Prisma.sql`AND u."id" IN (${Prisma.join([...scope.people])})`;
  return queryRows<{ id: string; name: string; timeZone: string | null }>(Prisma.sql`SELECT u."id", u."name", u."timeZone" FROM "User" u
    WHERE u."organizationId" = ${organizationId} ${visible}
      AND (
        EXISTS (SELECT 1 FROM "HaloConnection" c JOIN "HaloAgent" a ON a."connectionId" = c."id"
          WHERE c."organizationId" = ${organizationId} AND a."userId" = u."id" AND a."ignored" = false)
        OR EXISTS (SELECT 1 FROM "TimelineEvent" e WHERE e."organizationId" = ${organizationId} AND e."userId" = u."id")
      )
    ORDER BY u."name"`);
}

/** Every row of the organization stored after `afterId`, for the live bus (each stream then filters by its viewer). */
export function organizationRowsAfter(organizationId: string, afterId: number, limit: number): Promise<TimelineRow[]> {
  return timelineRowsAfter(organizationWideScope(organizationId), afterId, limit);
}

import "server-only";
import type { Prisma } from "@prisma/client";
import { db } from "@/lib/db/client";
import { haloTicketNumber, haloTicketUrl } from "@/lib/halo/links";
import type { TimelineFilters, TimelineKind, TimelinePage, TimelineRow } from "./types";

const rowSelect = {
  id: true,
  kind: true,
  ticketId: true,
  statusName: true,
  occurredAt: true,
  user: { select: { id: true, name: true } },
  connection: { select: { tenantUrl: true } },
} satisfies Prisma.TimelineEventSelect;

type SelectedRow = Prisma.TimelineEventGetPayload<{ select: typeof rowSelect }>;

function toRow(event: SelectedRow): TimelineRow {
  return {
    id: event.id,
    kind: event.kind as TimelineKind,
    person: { id: event.user.id, name: event.user.name },
    ticketId: event.ticketId,
    ticketNumber: haloTicketNumber(event.ticketId),
    ticketUrl: haloTicketUrl(event.connection.tenantUrl, event.ticketId),
    statusName: event.statusName,
    occurredAt: event.occurredAt.toISOString(),
  };
}

function cursorOf(row: TimelineRow): string {
  return `${Date.parse(row.occurredAt)}_${row.id}`;
}

/** One page of an organization's timeline, newest first, after `cursor` (keyset on occurredAt, id). */
export async function listTimeline(
  organizationId: string,
  filters: TimelineFilters,
  page: { cursor?: string; limit: number },
): Promise<TimelinePage> {
  const where: Prisma.TimelineEventWhereInput = {
    organizationId,
    ...(filters.userId ? { userId: filters.userId } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.from || filters.to
      ? { occurredAt: { ...(filters.from ? { gte: new Date(filters.from) } : {}), ...(filters.to ? { lte: new Date(filters.to) } : {}) } }
      : {}),
  };
  if (page.cursor) {
    const [ms, id] = page.cursor.split("_").map(Number) as [number, number];
    const at = new Date(ms);
    where.AND = [{ OR: [{ occurredAt: { lt: at } }, { occurredAt: at, id: { lt: id } }] }];
  }
  const events = await db.timelineEvent.findMany({
    where,
    select: rowSelect,
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  const rows = events.slice(0, page.limit).map(toRow);
  return { rows, nextCursor: events.length > page.limit ? cursorOf(rows.at(-1)!) : null };
}

/** Rows stored after `afterId` (in the order they were stored), for a stream that catches up. */
export async function timelineRowsAfter(organizationId: string, afterId: number, limit: number): Promise<TimelineRow[]> {
  const events = await db.timelineEvent.findMany({
    where: { organizationId, id: { gt: afterId } },
    select: rowSelect,
    orderBy: { id: "asc" },
    take: limit,
  });
  return events.map(toRow);
}

/** The id of the newest stored row, or 0: where a fresh live stream starts. */
export async function latestTimelineEventId(organizationId: string): Promise<number> {
  const latest = await db.timelineEvent.findFirst({ where: { organizationId }, select: { id: true }, orderBy: { id: "desc" } });
  return latest?.id ?? 0;
}

import "server-only";
import { db } from "@/lib/db/client";
import { dayBounds, type DayBounds } from "@/lib/time/day";
import { latestTimelineEventId, timelinePeople } from "@/lib/timeline/queries";
import { TIMELINE_KINDS, type TimelineKind } from "@/lib/timeline/types";
import type { ViewerScope } from "@/lib/visibility/scope";
import { organizationTimeZone } from "@/lib/workspace/time-zone";

export type KindCounts = Record<TimelineKind, number>;

export interface TeamDayPerson {
  id: string;
  name: string;
  /** The zone their day is drawn in: their own, or the organization's. */
  timeZone: string;
  /** ISO instants of the person's day in their zone, and its length in hours (23 / 24 / 25). */
  start: string;
  end: string;
  hours: number;
  counts: KindCounts;
  total: number;
}

export interface TeamDay {
  day: string;
  organizationTimeZone: string;
  people: TeamDayPerson[];
  /** Marks and counts include events up to this id; the live stream continues after it. */
  latestEventId: number;
}

const emptyCounts = (): KindCounts => Object.fromEntries(TIMELINE_KINDS.map((kind) => [kind, 0])) as KindCounts;

interface ZoneGroup {
  bounds: DayBounds;
  people: { id: string; name: string; timeZone: string }[];
}

async function visiblePeopleByZone(scope: ViewerScope, day: string) {
  const [people, orgZone] = await Promise.all([
    timelinePeople(scope),
    organizationTimeZone(scope.organizationId),
  ]);
  const zones = new Map<string, ZoneGroup>();
  for (const person of people) {
    const timeZone = person.timeZone ?? orgZone;
    let group = zones.get(timeZone);
    if (!group) zones.set(timeZone, (group = { bounds: dayBounds(day, timeZone), people: [] }));
    group.people.push({ id: person.id, name: person.name, timeZone });
  }
  return { people, orgZone, zones };
}

/**
 * One row per person the viewer may see (with a mapped agent or any activity): counts per kind within that
 * person's own day in their own zone. One grouped query per distinct zone, whatever the number of events.
 */
export async function teamDay(scope: ViewerScope, day: string): Promise<TeamDay> {
  const latestEventId = await latestTimelineEventId(scope.organizationId);
  const { people, orgZone, zones } = await visiblePeopleByZone(scope, day);
  const counts = new Map<string, KindCounts>();
  await Promise.all(
    [...zones.values()].map(async ({ bounds, people: group }) => {
      const grouped = await db.timelineEvent.groupBy({
        by: ["userId", "kind"],
        where: {
          organizationId: scope.organizationId,
          userId: { in: group.map((person) => person.id) },
          occurredAt: { gte: bounds.start, lt: bounds.end },
          id: { lte: latestEventId },
        },
        _count: { _all: true },
      });
      for (const row of grouped) {
        const personCounts = counts.get(row.userId) ?? emptyCounts();
        if ((TIMELINE_KINDS as readonly string[]).includes(row.kind)) personCounts[row.kind as TimelineKind] += row._count._all;
        counts.set(row.userId, personCounts);
      }
    }),
  );
  const rows: TeamDayPerson[] = [];
  for (const { bounds, people: group } of zones.values()) {
    for (const person of group) {
      const personCounts = counts.get(person.id) ?? emptyCounts();
      rows.push({
        ...person,
        start: bounds.start.toISOString(),
        end: bounds.end.toISOString(),
        hours: bounds.hours,
        counts: personCounts,
        total: Object.values(personCounts).reduce((sum, count) => sum + count, 0),
      });
    }
  }
  const order = new Map(people.map((person, index) => [person.id, index]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { day, organizationTimeZone: orgZone, people: rows, latestEventId };
}

/** A person's marks for the day, as parallel arrays: seconds after their day's start, kind index, ticket id. */
export interface DayMarks {
  at: number[];
  kind: number[];
  ticket: number[];
}

/**
 * People per marks query. On SQLite a query runs synchronously on the server's one thread, so a whole team's day
 * (100,000 events) in one query would stall every other request for about a second; slices keep each stall short.
 */
const MARKS_PEOPLE_PER_QUERY = 20;

/** Every event of the day behind the bars, up to `upToId`, in a compact shape (no text, no ids). */
export async function teamDayMarks(scope: ViewerScope, day: string, upToId: number): Promise<Record<string, DayMarks>> {
  const { zones } = await visiblePeopleByZone(scope, day);
  const marks: Record<string, DayMarks> = {};
  const kindIndex = new Map<string, number>(TIMELINE_KINDS.map((kind, index) => [kind, index]));
  for (const { bounds, people: group } of zones.values()) {
    const startMs = bounds.start.getTime();
    for (let first = 0; first < group.length; first += MARKS_PEOPLE_PER_QUERY) {
      const events = await db.timelineEvent.findMany({
        where: {
          organizationId: scope.organizationId,
          userId: { in: group.slice(first, first + MARKS_PEOPLE_PER_QUERY).map((person) => person.id) },
          occurredAt: { gte: bounds.start, lt: bounds.end },
          id: { lte: upToId },
        },
        select: { userId: true, kind: true, occurredAt: true, ticketId: true },
      });
      for (const event of events) {
        const person = (marks[event.userId] ??= { at: [], kind: [], ticket: [] });
        person.at.push(Math.round((event.occurredAt.getTime() - startMs) / 1000));
        person.kind.push(kindIndex.get(event.kind) ?? 0);
        person.ticket.push(event.ticketId);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return marks;
}

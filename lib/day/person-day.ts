import "server-only";
import { db } from "@/lib/db/client";
import { dayBounds } from "@/lib/time/day";
import { latestTimelineEventId } from "@/lib/timeline/queries";
import { TIMELINE_KINDS, type TimelineKind } from "@/lib/timeline/types";
import { scopeIncludes, type ViewerScope } from "@/lib/visibility/scope";
import type { KindCounts } from "./team-day";

export interface PersonDay {
  person: { id: string; name: string; timeZone: string };
  day: string;
  start: string;
  end: string;
  hours: number;
  counts: KindCounts;
  latestEventId: number;
  /** The organization has two or more Halo connections: rows name theirs. */
  severalServices: boolean;
}

/** A person the viewer may see, for their own zone's calendar day; null when not visible (or not there). */
export async function visiblePerson(scope: ViewerScope, personId: string) {
  if (!scopeIncludes(scope, personId)) return null;
  const person = await db.user.findFirst({
    where: { id: personId, organizationId: scope.organizationId },
    select: { id: true, name: true, timeZone: true, organization: { select: { timeZone: true } } },
  });
  return person ? { id: person.id, name: person.name, timeZone: person.timeZone ?? person.organization.timeZone } : null;
}

export async function personDay(scope: ViewerScope, person: { id: string; name: string; timeZone: string }, day: string): Promise<PersonDay> {
  const bounds = dayBounds(day, person.timeZone);
  const [latestEventId, services] = await Promise.all([
    latestTimelineEventId(scope.organizationId),
    db.haloConnection.count({ where: { organizationId: scope.organizationId, connectedAt: { not: null } } }),
  ]);
  const grouped = await db.timelineEvent.groupBy({
    by: ["kind"],
    where: { organizationId: scope.organizationId, userId: person.id, occurredAt: { gte: bounds.start, lt: bounds.end }, id: { lte: latestEventId } },
    _count: { _all: true },
  });
  const counts = Object.fromEntries(TIMELINE_KINDS.map((kind) => [kind, 0])) as KindCounts;
  for (const row of grouped) if (row.kind in counts) counts[row.kind as TimelineKind] = row._count._all;
  return {
    person,
    day,
    start: bounds.start.toISOString(),
    end: bounds.end.toISOString(),
    hours: bounds.hours,
    counts,
    latestEventId,
    severalServices: services > 1,
  };
}

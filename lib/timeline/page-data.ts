import "server-only";
import { db } from "@/lib/db/client";
import type { ViewerScope } from "@/lib/visibility/scope";
import { latestTimelineEventId, timelinePeople } from "./queries";

export interface TimelinePageData {
  /** HaloPSA has been connected at some point (events may exist even if it is disconnected now). */
  everConnected: boolean;
  latestEventId: number;
  /** People the person filter offers: those the viewer may see with a mapped Halo agent or any activity. */
  people: { id: string; name: string }[];
}

export async function timelinePageData(scope: ViewerScope): Promise<TimelinePageData> {
  const organizationId = scope.organizationId;
  const [connection, latestEventId, people] = await Promise.all([
    db.haloConnection.findUnique({ where: { organizationId }, select: { connectedAt: true } }),
    latestTimelineEventId(organizationId),
    timelinePeople(scope),
  ]);
  return {
    everConnected: Boolean(connection?.connectedAt) || latestEventId > 0,
    latestEventId,
    people: people.map((person) => ({ id: person.id, name: person.name })),
  };
}

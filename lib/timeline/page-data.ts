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
  /** The organization's Halo connections that were ever connected: with two or more, rows carry a label and the
   * filters offer "Service". */
  services: { id: string; name: string }[];
}

export async function timelinePageData(scope: ViewerScope): Promise<TimelinePageData> {
  const organizationId = scope.organizationId;
  const [connections, latestEventId, people] = await Promise.all([
    db.haloConnection.findMany({
      where: { organizationId },
      select: { id: true, name: true, connectedAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    latestTimelineEventId(organizationId),
    timelinePeople(scope),
  ]);
  const services = connections.filter((connection) => connection.connectedAt).map(({ id, name }) => ({ id, name }));
  return {
    everConnected: services.length > 0 || latestEventId > 0,
    latestEventId,
    people: people.map((person) => ({ id: person.id, name: person.name })),
    services,
  };
}

import "server-only";
import { db } from "@/lib/db/client";
import { latestTimelineEventId, timelinePeople } from "./queries";

export interface TimelinePageData {
  /** HaloPSA has been connected at some point (events may exist even if it is disconnected now). */
  everConnected: boolean;
  latestEventId: number;
  /** People the person filter offers: those with a mapped Halo agent or any activity. */
  people: { id: string; name: string }[];
}

export async function timelinePageData(organizationId: string): Promise<TimelinePageData> {
  const [connection, latestEventId, people] = await Promise.all([
    db.haloConnection.findUnique({ where: { organizationId }, select: { connectedAt: true } }),
    latestTimelineEventId(organizationId),
    timelinePeople(organizationId),
  ]);
  return { everConnected: Boolean(connection?.connectedAt) || latestEventId > 0, latestEventId, people };
}

import "server-only";
import { usesPostgres } from "@/lib/db/client";
import { OrganizationListeners } from "@/lib/events/organization-listeners";
import { postgresListener } from "@/lib/db/postgres-listener";
import { PostgresTimelineBus } from "./postgres-timeline-bus";
import { latestTimelineEventId, organizationRowsAfter } from "./queries";
import type { TimelineRow } from "./types";

export type TimelineListener = (rows: TimelineRow[]) => void;

/**
 * Fan-out of committed timeline rows to the open streams of one organization: in-process on SQLite (one instance),
 * over PostgreSQL LISTEN/NOTIFY across instances otherwise (lib/timeline/postgres-timeline-bus.ts).
 */
export interface TimelineBus {
  publish(organizationId: string, rows: TimelineRow[]): void;
  subscribe(organizationId: string, listener: TimelineListener): () => void;
}

class InProcessTimelineBus implements TimelineBus {
  private readonly listeners = new OrganizationListeners<[TimelineRow[]]>("timeline");

  publish(organizationId: string, rows: TimelineRow[]): void {
    if (rows.length > 0) this.listeners.emit(organizationId, rows);
  }

  subscribe(organizationId: string, listener: TimelineListener): () => void {
    return this.listeners.subscribe(organizationId, listener);
  }
}

// One bus per process even if the bundler loads this module once per route.
const globalForBus = globalThis as unknown as { worksightsTimelineBus?: TimelineBus };

export function timelineBus(): TimelineBus {
  globalForBus.worksightsTimelineBus ??= usesPostgres()
    ? new PostgresTimelineBus(postgresListener(), organizationRowsAfter, latestTimelineEventId)
    : new InProcessTimelineBus();
  return globalForBus.worksightsTimelineBus;
}

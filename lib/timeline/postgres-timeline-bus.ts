import "server-only";
import { TIMELINE_CHANNEL, type PostgresListener } from "@/lib/db/postgres-listener";
import { OrganizationListeners } from "@/lib/events/organization-listeners";
import type { TimelineBus, TimelineListener } from "./live-bus";
import type { TimelineRow } from "./types";

const PAGE = 500;

export type TimelineAnnouncement = { organizationId: string; ids: number[] };

/** What the ingest transaction sends with NOTIFY: the organization and the ids of the rows it committed. */
export function encodeAnnouncement({ organizationId, ids }: TimelineAnnouncement): string {
  return JSON.stringify({ o: organizationId, i: ids });
}

function decodeAnnouncement(payload: string): TimelineAnnouncement | null {
  try {
    const parsed = JSON.parse(payload) as { o?: unknown; i?: unknown };
    if (typeof parsed.o !== "string" || !Array.isArray(parsed.i) || !parsed.i.every((id) => Number.isSafeInteger(id))) return null;
    return parsed.i.length > 0 ? { organizationId: parsed.o, ids: parsed.i as number[] } : null;
  } catch {
    return null;
  }
}

/**
 * The live bus across instances. The ingest transaction announces committed row ids with NOTIFY (so nothing is
 * announced that was not committed); every instance, this one included, hears it on its listening connection and
 * re-reads the rows once for all its open streams of that organization. An organization's rows commit in id order
 * (ingest holds a per-organization transaction lock, whatever the number of Halo connections), so reading "after the last
 * id delivered, up to the announced one" also picks up anything a missed announcement named. After the listening
 * connection drops and comes back, each organization with open streams catches up from its last delivered id.
 */
export class PostgresTimelineBus implements TimelineBus {
  private readonly listeners = new OrganizationListeners<[TimelineRow[]]>("timeline", {
    onFirst: (organizationId) => this.noteSubscribedAt(organizationId),
    onLast: (organizationId) => {
      this.lastDelivered.delete(organizationId);
      this.subscribedAt.delete(organizationId);
    },
  });
  private readonly lastDelivered = new Map<string, number>();
  /** Where an organization's streams stood when they subscribed, for a catch-up before anything was delivered. */
  private readonly subscribedAt = new Map<string, number>();
  private work: Promise<void> = Promise.resolve();

  constructor(
    listener: PostgresListener,
    private readonly rowsAfter: (organizationId: string, afterId: number, limit: number) => Promise<TimelineRow[]>,
    private readonly latestId: (organizationId: string) => Promise<number>,
  ) {
    listener.on(TIMELINE_CHANNEL, (payload) => {
      const announcement = decodeAnnouncement(payload);
      if (announcement && this.listeners.has(announcement.organizationId)) this.serially(() => this.announced(announcement));
    });
    listener.on("listening", () => this.serially(() => this.catchUpAll()));
  }

  /** Rows are announced by the transaction that stores them (lib/timeline/postgres-ingest-store.ts). */
  publish(): void {}

  subscribe(organizationId: string, listener: TimelineListener): () => void {
    return this.listeners.subscribe(organizationId, listener);
  }

  private noteSubscribedAt(organizationId: string) {
    this.latestId(organizationId).then(
      (id) => {
        if (this.listeners.has(organizationId) && !this.subscribedAt.has(organizationId)) this.subscribedAt.set(organizationId, id);
      },
      () => undefined,
    );
  }

  /** Announcements are handled one at a time, so rows reach each stream in the order they were stored. */
  private serially(task: () => Promise<void>) {
    this.work = this.work.then(task).catch((error: unknown) => {
      console.error("[timeline] could not read announced rows:", error instanceof Error ? error.message : error);
    });
  }

  private async announced({ organizationId, ids }: TimelineAnnouncement) {
    const upTo = Math.max(...ids);
    const after = this.lastDelivered.get(organizationId) ?? Math.min(...ids) - 1;
    if (upTo > after) await this.deliver(organizationId, after, upTo);
  }

  private async catchUpAll() {
    for (const organizationId of this.listeners.organizations()) {
      const after = this.lastDelivered.get(organizationId) ?? this.subscribedAt.get(organizationId);
      if (after !== undefined) await this.deliver(organizationId, after, Number.MAX_SAFE_INTEGER);
    }
  }

  private async deliver(organizationId: string, after: number, upTo: number) {
    for (let from = after; ; ) {
      const rows = (await this.rowsAfter(organizationId, from, PAGE)).filter((row) => row.id <= upTo);
      if (rows.length === 0 || !this.listeners.has(organizationId)) return;
      from = rows.at(-1)!.id;
      this.lastDelivered.set(organizationId, from);
      this.listeners.emit(organizationId, rows);
      if (rows.length < PAGE || from >= upTo) return;
    }
  }
}

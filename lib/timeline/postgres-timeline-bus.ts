import "server-only";
import { randomUUID } from "node:crypto";
import { TIMELINE_CHANNEL, type PostgresListener } from "@/lib/db/postgres-listener";
import { OrganizationListeners } from "@/lib/events/organization-listeners";
import type { TimelineBus, TimelineListener } from "./live-bus";
import type { TimelineRow } from "./types";

const PAGE = 500;
/** Rows committed here and not yet delivered, kept per organization at most (a backlog past it is re-read). */
const MAX_OWN_ROWS = 2_000;
/** How long an announcement of this instance's own rows waits for the writer to hand them over before reading them. */
const OWN_ROWS_WAIT_MS = 1_000;

/** This process, in the announcements its ingest sends: its own rows it already holds and need not read back. */
const globalForInstance = globalThis as unknown as { worksightsInstanceId?: string };
export const INSTANCE_ID = (globalForInstance.worksightsInstanceId ??= randomUUID());

export type TimelineAnnouncement = { organizationId: string; ids: number[]; origin?: string };

/**
 * What the ingest transaction sends with NOTIFY: the organization, the ids of the rows it committed and the
 * instance that committed them (lib/timeline/postgres-ingest-store.ts builds the same shape in SQL).
 */
export function encodeAnnouncement({ organizationId, ids, origin }: TimelineAnnouncement): string {
  return JSON.stringify({ o: organizationId, i: ids, s: origin });
}

function decodeAnnouncement(payload: string): TimelineAnnouncement | null {
  try {
    const parsed = JSON.parse(payload) as { o?: unknown; i?: unknown; s?: unknown };
    if (typeof parsed.o !== "string" || !Array.isArray(parsed.i) || !parsed.i.every((id) => Number.isSafeInteger(id))) return null;
    const origin = typeof parsed.s === "string" ? parsed.s : undefined;
    return parsed.i.length > 0 ? { organizationId: parsed.o, ids: parsed.i as number[], origin } : null;
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
 * Rows this instance committed itself are handed over by the ingest writer after COMMIT (`publish`); when its own
 * announcement names only such rows, and nothing else was stored in between, they go out without the re-read.
 */
export class PostgresTimelineBus implements TimelineBus {
  private readonly listeners = new OrganizationListeners<[TimelineRow[]]>("timeline", {
    onFirst: (organizationId) => this.noteSubscribedAt(organizationId),
    onLast: (organizationId) => {
      this.lastDelivered.delete(organizationId);
      this.subscribedAt.delete(organizationId);
      this.ownRows.delete(organizationId);
    },
  });
  private readonly lastDelivered = new Map<string, number>();
  /** Where an organization's streams stood when they subscribed, for a catch-up before anything was delivered. */
  private readonly subscribedAt = new Map<string, number>();
  private readonly ownRows = new Map<string, Map<number, TimelineRow>>();
  private readonly handedOver = new Set<() => void>();
  private work: Promise<void> = Promise.resolve();

  constructor(
    listener: PostgresListener,
    private readonly rowsAfter: (organizationId: string, afterId: number, limit: number) => Promise<TimelineRow[]>,
    private readonly latestId: (organizationId: string) => Promise<number>,
    /** Who this instance is in announcements (tests give each simulated instance its own). */
    private readonly origin: string = INSTANCE_ID,
  ) {
    listener.on(TIMELINE_CHANNEL, (payload) => {
      const announcement = decodeAnnouncement(payload);
      if (announcement && this.listeners.has(announcement.organizationId)) this.serially(() => this.announced(announcement));
    });
    listener.on("listening", () => this.serially(() => this.catchUpAll()));
  }

  /**
   * Rows are announced by the transaction that stores them (lib/timeline/postgres-ingest-store.ts); the writer
   * also hands over the rows it committed, so this instance's streams need not read them back.
   */
  publish(organizationId: string, rows: TimelineRow[]): void {
    if (!this.listeners.has(organizationId)) return;
    let own = this.ownRows.get(organizationId);
    if (!own) this.ownRows.set(organizationId, (own = new Map()));
    for (const row of rows) own.set(row.id, row);
    for (const id of own.keys()) {
      if (own.size <= MAX_OWN_ROWS) break;
      own.delete(id);
    }
    for (const wake of this.handedOver) wake();
  }

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

  private async announced({ organizationId, ids, origin }: TimelineAnnouncement) {
    const upTo = Math.max(...ids);
    const after = this.lastDelivered.get(organizationId) ?? Math.min(...ids) - 1;
    if (upTo <= after) return;
    const own = origin === this.origin ? await this.handedOverRows(organizationId, after, upTo) : null;
    if (own) this.emit(organizationId, own);
    else await this.deliver(organizationId, after, upTo);
  }

  /** The notification can arrive before the writer, which is still reading COMMIT's answer, hands the rows over. */
  private async handedOverRows(organizationId: string, after: number, upTo: number): Promise<TimelineRow[] | null> {
    const deadline = Date.now() + OWN_ROWS_WAIT_MS;
    for (;;) {
      const rows = this.committedHere(organizationId, after, upTo);
      const left = deadline - Date.now();
      if (rows || left <= 0) return rows;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.handedOver.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.handedOver.add(wake);
      });
    }
  }

  /** Every row after `after` up to `upTo` if this instance committed them all (a gap may be another's row). */
  private committedHere(organizationId: string, after: number, upTo: number): TimelineRow[] | null {
    const own = this.ownRows.get(organizationId);
    if (!own || upTo - after > own.size) return null;
    const rows: TimelineRow[] = [];
    for (let id = after + 1; id <= upTo; id++) {
      const row = own.get(id);
      if (!row) return null;
      rows.push(row);
    }
    return rows;
  }

  private emit(organizationId: string, rows: TimelineRow[]) {
    const last = rows.at(-1)!.id;
    this.lastDelivered.set(organizationId, last);
    const own = this.ownRows.get(organizationId);
    if (own) for (const id of own.keys()) if (id <= last) own.delete(id);
    this.listeners.emit(organizationId, rows);
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
      this.emit(organizationId, rows);
      if (rows.length < PAGE || from >= upTo) return;
    }
  }
}

import { TIMELINE_KIND_LABELS, type TimelineKind, type TimelineRow } from "@/lib/timeline/types";

/** The shortest gap between two announcements of new activity to screen readers. */
export const ANNOUNCE_INTERVAL_MS = 10_000;

const KIND_NOUNS: Record<TimelineKind, [string, string]> = {
  ticket_created: ["new ticket", "new tickets"],
  status_changed: ["status change", "status changes"],
  agent_assigned: ["assignment", "assignments"],
  user_replied: ["customer reply", "customer replies"],
};

/** "3 new events: 2 status changes, 1 new ticket." plus where to find them when they are held back. */
export function summariseArrivals(rows: readonly Pick<TimelineRow, "kind">[], held: boolean): string {
  if (rows.length === 0) return "";
  const counts = new Map<TimelineKind, number>();
  for (const row of rows) counts.set(row.kind, (counts.get(row.kind) ?? 0) + 1);
  const parts = (Object.keys(TIMELINE_KIND_LABELS) as TimelineKind[])
    .filter((kind) => counts.has(kind))
    .map((kind) => {
      const count = counts.get(kind)!;
      return `${count} ${KIND_NOUNS[kind][count === 1 ? 0 : 1]}`;
    });
  const total = `${rows.length} new ${rows.length === 1 ? "event" : "events"}`;
  return `${total}: ${parts.join(", ")}.${held ? " Use the “new” button above the list to show them." : ""}`;
}

/** When the next announcement may be made: at once if the last one is old enough, else when the interval has passed. */
export function nextAnnouncementDelay(lastAnnouncedAt: number | null, now: number, intervalMs = ANNOUNCE_INTERVAL_MS): number {
  if (lastAnnouncedAt === null) return 0;
  return Math.max(0, lastAnnouncedAt + intervalMs - now);
}

/**
 * Rows the reader sees while live rows are held back: every row up to the watermark (the newest id shown when holding
 * began); rows stored later wait behind the "N new" button. A null watermark shows everything.
 */
export function splitHeldRows<T extends { id: number }>(rows: readonly T[], watermark: number | null): { shown: T[]; held: T[] } {
  if (watermark === null) return { shown: [...rows], held: [] };
  const shown: T[] = [];
  const held: T[] = [];
  for (const row of rows) (row.id > watermark ? held : shown).push(row);
  return { shown, held };
}

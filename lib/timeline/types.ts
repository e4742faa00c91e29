// Shared by the server and the browser: what a timeline row looks like on the wire, and its filters.
import { z } from "zod";

export const TIMELINE_KINDS = ["ticket_created", "status_changed", "agent_assigned", "user_replied"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  ticket_created: "New tickets",
  status_changed: "Status changes",
  agent_assigned: "Assignments",
  user_replied: "Customer replies",
};

export interface TimelineRow {
  id: number;
  kind: TimelineKind;
  person: { id: string; name: string };
  /** The Halo connection (service) the row came from: its name labels the row when there are several. */
  connection: { id: string; name: string };
  ticketId: number;
  /** Seven-digit ticket number as Halo shows it. */
  ticketNumber: string;
  ticketUrl: string;
  /** The ticket's summary line and customer, as last delivered; null when unknown or switched off. */
  ticketSummary: string | null;
  clientName: string | null;
  statusName: string | null;
  /** ISO-8601. */
  occurredAt: string;
}

export interface TimelinePage {
  rows: TimelineRow[];
  /** Pass as `cursor` to get the next (older) page; null at the end. */
  nextCursor: string | null;
}

const isoInstant = z.iso.datetime({ offset: true, error: "Use an ISO-8601 date and time, e.g. 2026-11-26T00:00:00Z" });

/** Filters understood by the list route and applied to live rows in the browser. */
export const timelineFilterSchema = z
  .object({
    userId: z.string().trim().min(1).max(64).optional(),
    kind: z.enum(TIMELINE_KINDS, { error: `kind must be one of ${TIMELINE_KINDS.join(", ")}` }).optional(),
    /** The "Service" filter: one Halo connection's rows. */
    connectionId: z.string().trim().min(1).max(64).optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
  })
  .refine((value) => !value.from || !value.to || Date.parse(value.from) <= Date.parse(value.to), {
    message: "The start of the date range must be before its end",
    path: ["from"],
  });

export type TimelineFilters = z.infer<typeof timelineFilterSchema>;

export const TIMELINE_PAGE_SIZE_MAX = 100;

export const timelineListQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}_\d{1,15}$/, { error: "cursor is not one this server issued" })
    .optional(),
  limit: z.coerce.number().int().min(1).max(TIMELINE_PAGE_SIZE_MAX).default(30),
});

/** Whether a row belongs in a list with these filters (used for rows pushed live). */
export function rowMatchesFilters(row: TimelineRow, filters: TimelineFilters): boolean {
  if (filters.userId && row.person.id !== filters.userId) return false;
  if (filters.kind && row.kind !== filters.kind) return false;
  if (filters.connectionId && row.connection.id !== filters.connectionId) return false;
  const at = Date.parse(row.occurredAt);
  if (filters.from && at < Date.parse(filters.from)) return false;
  if (filters.to && at > Date.parse(filters.to)) return false;
  return true;
}

/** Newest first: by occurrence time, then by id. */
export function compareRowsNewestFirst(a: TimelineRow, b: TimelineRow): number {
  return Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || b.id - a.id;
}

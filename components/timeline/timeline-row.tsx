"use client";

import { format, formatDistanceStrict, isSameDay } from "date-fns";
import { initialsOf } from "@/components/shell/app-shell";
import type { RowGroup } from "./group-repeats";
import { RowStory } from "./row-story";

const AVATAR_COLOURS = ["bg-sky-100 text-sky-800", "bg-emerald-100 text-emerald-800", "bg-amber-100 text-amber-800", "bg-violet-100 text-violet-800", "bg-rose-100 text-rose-800", "bg-teal-100 text-teal-800"];

export function avatarColour(personId: string) {
  let hash = 0;
  for (const char of personId) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return AVATAR_COLOURS[Math.abs(hash) % AVATAR_COLOURS.length];
}

export function relativeTime(date: Date, now: Date): string {
  if (Math.abs(now.getTime() - date.getTime()) < 45_000) return "just now";
  return formatDistanceStrict(date, now, { addSuffix: true });
}

/** The exact time, with seconds (what tells two "just now" rows apart); the day too when it is not today. */
export function exactTime(date: Date, now: Date): string {
  return isSameDay(date, now) ? format(date, "HH:mm:ss") : format(date, "d MMM yyyy, HH:mm:ss");
}

/**
 * One timeline row, standing for a run of identical activity when the same thing happened several times in a row
 * ("3 times"). The exact time shows on hover and whenever focus is inside the row, and screen readers always hear it.
 */
export function TimelineRow({ group, now, showService = false }: { group: RowGroup; now: Date; showService?: boolean }) {
  const { row, rows } = group;
  const occurredAt = new Date(row.occurredAt);
  const earliest = new Date(rows.at(-1)!.occurredAt);
  const exact = rows.length > 1 ? `${exactTime(earliest, now)} – ${exactTime(occurredAt, now)}` : exactTime(occurredAt, now);
  return (
    <li
      className="group flex items-start gap-3 px-4 py-3 sm:px-6"
      data-testid="timeline-row"
      data-ticket={row.ticketId}
      data-kind={row.kind}
      data-repeats={rows.length}
    >
      <span
        aria-hidden
        className={`mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${avatarColour(row.person.id)}`}
      >
        {initialsOf(row.person.name)}
      </span>
      <div className="min-w-0 flex-1">
        <RowStory row={row} repeats={rows.length} showService={showService} personHref={`/people/${row.person.id}?at=${encodeURIComponent(row.occurredAt)}`} />
      </div>
      <p className="shrink-0 pt-0.5 text-right text-xs whitespace-nowrap text-slate-600">
        <time dateTime={row.occurredAt} suppressHydrationWarning>
          {relativeTime(occurredAt, now)}
        </time>
        <span
          className="sr-only group-focus-within:not-sr-only group-focus-within:block group-hover:not-sr-only group-hover:block"
          data-testid="exact-time"
          suppressHydrationWarning
        >
          <span className="sr-only">, at </span>
          {exact}
        </span>
      </p>
    </li>
  );
}

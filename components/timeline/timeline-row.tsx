"use client";

import { format, formatDistanceStrict } from "date-fns";
import { initialsOf } from "@/components/shell/app-shell";
import type { TimelineRow as Row } from "@/lib/timeline/types";
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

export function TimelineRow({ row, now }: { row: Row; now: Date }) {
  const occurredAt = new Date(row.occurredAt);
  return (
    <li className="flex items-start gap-3 px-4 py-3 sm:px-6" data-testid="timeline-row" data-ticket={row.ticketId} data-kind={row.kind}>
      <span
        aria-hidden
        className={`mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${avatarColour(row.person.id)}`}
      >
        {initialsOf(row.person.name)}
      </span>
      <div className="min-w-0 flex-1">
        <RowStory row={row} personHref={`/people/${row.person.id}?at=${encodeURIComponent(row.occurredAt)}`} />
      </div>
      <time dateTime={row.occurredAt} title={format(occurredAt, "PPpp")} className="shrink-0 pt-0.5 text-xs whitespace-nowrap text-slate-500">
        {relativeTime(occurredAt, now)}
      </time>
    </li>
  );
}

"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Button, Spinner } from "@/components/ui/button";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { RowStory } from "@/components/timeline/row-story";
import { timelineQueryKey } from "@/components/timeline/timeline-cache";
import { useTimelineStream } from "@/components/timeline/use-timeline-stream";
import { apiFetch } from "@/lib/api/client-fetch";
import type { PersonDay } from "@/lib/day/person-day";
import { clockTime } from "@/lib/time/day";
import { compareRowsNewestFirst, TIMELINE_KINDS, type TimelinePage, type TimelineRow } from "@/lib/timeline/types";
import { DayLegend } from "./day-legend";
import { KIND_STYLE } from "./kinds";

/** A person's events of one day in their zone, newest first, with counts; new events arrive live. */
export function PersonDayView({ data }: { data: PersonDay }) {
  const filters = useMemo(
    () => ({ userId: data.person.id, from: data.start, to: new Date(Date.parse(data.end) - 1).toISOString() }),
    [data.person.id, data.start, data.end],
  );
  const status = useTimelineStream(data.latestEventId);
  const query = useInfiniteQuery({
    queryKey: timelineQueryKey(filters),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ ...filters, limit: "100" });
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<TimelinePage>(`/api/timeline?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
  });
  const rows = useMemo(() => {
    const byId = new Map<number, TimelineRow>();
    for (const page of query.data?.pages ?? []) for (const row of page.rows) byId.set(row.id, row);
    return [...byId.values()].sort(compareRowsNewestFirst);
  }, [query.data]);
  const counts = useMemo(() => {
    const live = { ...data.counts };
    for (const row of rows) if (row.id > data.latestEventId) live[row.kind] += 1;
    return live;
  }, [rows, data.counts, data.latestEventId]);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);

  return (
    <Card>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-3 sm:px-6">
        <p className="text-sm font-semibold text-slate-900" data-testid="person-day-total">
          {total} event{total === 1 ? "" : "s"}
        </p>
        <ul className="flex flex-wrap gap-1 text-xs" aria-label="Counts by kind">
          {TIMELINE_KINDS.map((kind) => (
            <li key={kind} className={cx("rounded px-1.5 py-0.5 font-medium", KIND_STYLE[kind].chip)}>
              {counts[kind]} {KIND_STYLE[kind].short}
            </li>
          ))}
        </ul>
        <span role="status" data-testid="live-indicator" data-status={status} className="ml-auto text-xs font-medium text-slate-600">
          {status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…"}
        </span>
      </div>
      <div className="border-b border-slate-100 px-4 py-2 sm:px-6">
        <DayLegend />
      </div>
      {query.isError ? (
        <div className="p-4 sm:px-6">
          <Alert title="The day could not be loaded">{query.error.message}</Alert>
        </div>
      ) : query.isPending ? (
        <div className="flex items-center justify-center gap-2 py-14 text-sm text-slate-600">
          <Spinner /> Loading the day…
        </div>
      ) : rows.length === 0 ? (
        <EmptyState title="No activity on this day">New activity on this day appears here live.</EmptyState>
      ) : (
        <ol aria-label={`${data.person.name}'s day, newest first`} className="divide-y divide-slate-100">
          {rows.map((row) => (
            <li key={row.id} data-testid="person-day-row" className="flex items-start gap-3 px-4 py-2.5 sm:px-6">
              <time dateTime={row.occurredAt} className="w-12 shrink-0 pt-0.5 font-mono text-xs text-slate-600">
                {clockTime(Date.parse(row.occurredAt), data.person.timeZone)}
              </time>
              <span aria-hidden className="mt-1 h-4 w-1 shrink-0 rounded-sm" style={{ background: KIND_STYLE[row.kind].colour }} />
              <RowStory row={row} showPerson={false} showService={data.severalServices} />
            </li>
          ))}
        </ol>
      )}
      {query.hasNextPage ? (
        <div className="flex justify-center border-t border-slate-100 py-3">
          <Button variant="ghost" size="sm" busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            Load earlier events
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

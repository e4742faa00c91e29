"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { Button, Spinner } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { apiFetch } from "@/lib/api/client-fetch";
import { compareRowsNewestFirst, rowMatchesFilters, type TimelinePage, type TimelineRow as Row } from "@/lib/timeline/types";
import { groupRepeats } from "./group-repeats";
import { splitHeldRows } from "./live-arrivals";
import { TIMELINE_PAGE_SIZE, timelineQueryKey } from "./timeline-cache";
import { FIRST_FILTER_ID, TimelineFilterBar } from "./timeline-filters";
import { TimelineRow } from "./timeline-row";
import { useArrivalAnnouncer } from "./use-arrival-announcer";
import { useReaderIsAway } from "./use-hold-back";
import { EMPTY_URL_FILTERS, hasActiveFilters, readUrlFilters, toApiFilters, urlFiltersToSearch, type UrlFilters } from "./url-filters";
import { useTimelineStream, type StreamStatus } from "./use-timeline-stream";

type Props = {
  people: { id: string; name: string }[];
  /** The organization's Halo connections: with several, rows carry their name and the filters offer "Service". */
  services: { id: string; name: string }[];
  latestEventId: number;
  isAdmin: boolean;
};

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function TimelineView({ people, services, latestEventId, isAdmin }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlFilters = useMemo(() => readUrlFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const apiFilters = useMemo(() => toApiFilters(urlFilters), [urlFilters]);
  const rangeIsValid = !(urlFilters.from && urlFilters.to && urlFilters.from > urlFilters.to);
  const now = useNow(30_000);

  const [paused, setPaused] = useState(false);
  const listTopRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const readerIsAway = useReaderIsAway(listTopRef, listRef);
  const holding = paused || readerIsAway;
  const holdingRef = useRef(holding);
  useEffect(() => {
    holdingRef.current = holding;
  }, [holding]);
  const announcer = useArrivalAnnouncer(useCallback(() => holdingRef.current, []));
  const apiFiltersRef = useRef(apiFilters);
  useEffect(() => {
    apiFiltersRef.current = apiFilters;
  }, [apiFilters]);
  const { record } = announcer;
  const streamStatus = useTimelineStream(
    latestEventId,
    useCallback((arrived: Row[]) => record(arrived.filter((row) => rowMatchesFilters(row, apiFiltersRef.current))), [record]),
  );

  const query = useInfiniteQuery({
    queryKey: timelineQueryKey(apiFilters),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ ...apiFilters, limit: String(TIMELINE_PAGE_SIZE) });
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<TimelinePage>(`/api/timeline?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The stream keeps cached lists current; refetching would only repeat what it already delivered.
    staleTime: Infinity,
    enabled: rangeIsValid,
  });

  const rows = useMemo(() => {
    const byId = new Map<number, Row>();
    for (const page of query.data?.pages ?? []) for (const row of page.rows) byId.set(row.id, row);
    return [...byId.values()].sort(compareRowsNewestFirst);
  }, [query.data]);
  const newestId = rows.reduce((max, row) => Math.max(max, row.id), 0);

  // While the reader is away from the top (or paused), rows stored after this id wait behind the "N new" button.
  const [watermark, setWatermark] = useState<number | null>(null);
  if (holding && watermark === null) setWatermark(newestId);
  if (!holding && watermark !== null) setWatermark(null);
  const { shown, held } = useMemo(() => splitHeldRows(rows, watermark), [rows, watermark]);
  const groups = useMemo(() => groupRepeats(shown), [shown]);

  const showHeldRows = () => {
    setWatermark(newestId);
    listTopRef.current?.scrollIntoView({ block: "start" });
    // The button goes away with the rows it announced: focus moves to the list, where they now are.
    listRef.current?.focus({ preventScroll: true });
  };

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: "400px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const changeFilters = (next: UrlFilters) => router.replace(`${pathname}${urlFiltersToSearch(next)}`, { scroll: false });

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-6">
        <h2 className="text-sm font-semibold text-slate-900">Team activity</h2>
        <div className="flex items-center gap-3">
          <LiveIndicator status={streamStatus} paused={paused} />
          <Button variant="secondary" size="sm" onClick={() => setPaused((current) => !current)}>
            {paused ? "Resume live updates" : "Pause live updates"}
          </Button>
        </div>
      </div>
      <TimelineFilterBar filters={urlFilters} people={people} services={services} onChange={changeFilters} />
      {query.isError ? (
        <div className="p-4 sm:px-6">
          <Alert title="The timeline could not be loaded">
            {query.error.message}{" "}
            <button type="button" className="font-medium underline" onClick={() => void query.refetch()}>
              Try again
            </button>
          </Alert>
        </div>
      ) : null}
      <div ref={listTopRef} className="scroll-mt-4" />
      {held.length > 0 ? (
        // Zero height and sticky: the button appears over the list without pushing it down.
        <div className="sticky top-3 z-10 flex h-0 justify-center">
          <Button size="sm" className="mt-2 rounded-full shadow-md" onClick={showHeldRows} data-testid="show-new">
            {held.length} new {held.length === 1 ? "event" : "events"}, show
          </Button>
        </div>
      ) : null}
      {query.isPending && rangeIsValid ? (
        <div className="flex items-center justify-center gap-2 py-14 text-sm text-slate-600">
          <Spinner /> Loading activity…
        </div>
      ) : shown.length === 0 && !query.isError ? (
        hasActiveFilters(urlFilters) ? (
          <EmptyState
            title="Nothing matches these filters"
            action={
              <Button
                variant="secondary"
                onClick={() => {
                  changeFilters(EMPTY_URL_FILTERS);
                  document.getElementById(FIRST_FILTER_ID)?.focus();
                }}
              >
                Clear filters
              </Button>
            }
          >
            New activity that matches will still appear here live.
          </EmptyState>
        ) : (
          <EmptyState title="Connected. Waiting for the first event">
            HaloPSA is connected. The next new ticket, status change, assignment or customer reply by a mapped agent
            appears here within a second.
            {isAdmin ? (
              <>
                {" "}
                Nothing showing up? Check the{" "}
                <Link href="/settings/services" className="font-medium text-brand-700 underline">
                  agent mapping and connection health
                </Link>
                .
              </>
            ) : null}
          </EmptyState>
        )
      ) : (
        <ol
          ref={listRef}
          tabIndex={-1}
          aria-label="Team activity, newest first"
          className="divide-y divide-slate-100 focus:outline-2 focus:-outline-offset-2 focus:outline-brand-500"
        >
          {groups.map((group) => (
            <TimelineRow key={group.row.id} group={group} now={now} showService={services.length > 1} />
          ))}
        </ol>
      )}
      <p role="status" className="sr-only" data-testid="arrivals-announcement">
        {announcer.message}
      </p>
      <div ref={sentinel} />
      {hasNextPage ? (
        <div className="flex justify-center border-t border-slate-100 py-3">
          <Button variant="ghost" size="sm" busy={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {isFetchingNextPage ? "Loading older activity…" : "Load older activity"}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

function LiveIndicator({ status, paused }: { status: StreamStatus; paused: boolean }) {
  const label = paused ? "Paused" : { live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…" }[status];
  return (
    <span role="status" aria-live="polite" data-testid="live-indicator" data-status={status} className="inline-flex items-center gap-2 text-xs font-medium text-slate-600">
      <span
        aria-hidden
        className={cx(
          "size-2 rounded-full",
          paused ? "bg-slate-400" : status === "live" ? "bg-emerald-500 shadow-[0_0_0_3px] shadow-emerald-100" : status === "reconnecting" ? "animate-pulse bg-amber-500" : "bg-slate-300",
        )}
      />
      {label}
    </span>
  );
}

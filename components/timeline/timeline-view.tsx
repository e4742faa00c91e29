"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Card, EmptyState } from "@/components/ui/card";
import { Button, Spinner } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { apiFetch } from "@/lib/api/client-fetch";
import { compareRowsNewestFirst, type TimelinePage, type TimelineRow as Row } from "@/lib/timeline/types";
import { timelineQueryKey } from "./timeline-cache";
import { TimelineFilterBar } from "./timeline-filters";
import { TimelineRow } from "./timeline-row";
import { hasActiveFilters, readUrlFilters, toApiFilters, urlFiltersToSearch, type UrlFilters } from "./url-filters";
import { useTimelineStream, type StreamStatus } from "./use-timeline-stream";

type Props = {
  people: { id: string; name: string }[];
  latestEventId: number;
  isAdmin: boolean;
};

const PAGE_SIZE = 30;

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function TimelineView({ people, latestEventId, isAdmin }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlFilters = useMemo(() => readUrlFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const apiFilters = useMemo(() => toApiFilters(urlFilters), [urlFilters]);
  const rangeIsValid = !(urlFilters.from && urlFilters.to && urlFilters.from > urlFilters.to);
  const streamStatus = useTimelineStream(latestEventId);
  const now = useNow(30_000);

  const query = useInfiniteQuery({
    queryKey: timelineQueryKey(apiFilters),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ ...apiFilters, limit: String(PAGE_SIZE) });
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
      <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-6">
        <h2 className="text-sm font-semibold text-slate-900">Team activity</h2>
        <LiveIndicator status={streamStatus} />
      </div>
      <TimelineFilterBar filters={urlFilters} people={people} onChange={changeFilters} />
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
      {query.isPending && rangeIsValid ? (
        <div className="flex items-center justify-center gap-2 py-14 text-sm text-slate-500">
          <Spinner /> Loading activity…
        </div>
      ) : rows.length === 0 && !query.isError ? (
        hasActiveFilters(urlFilters) ? (
          <EmptyState
            title="Nothing matches these filters"
            action={
              <Button variant="secondary" onClick={() => changeFilters({ person: "", kind: "", from: "", to: "" })}>
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
                <Link href="/settings/services/halopsa" className="font-medium text-brand-700 underline">
                  agent mapping and connection health
                </Link>
                .
              </>
            ) : null}
          </EmptyState>
        )
      ) : (
        <ol aria-label="Team activity, newest first" className="divide-y divide-slate-100">
          {rows.map((row) => (
            <TimelineRow key={row.id} row={row} now={now} />
          ))}
        </ol>
      )}
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

function LiveIndicator({ status }: { status: StreamStatus }) {
  const label = { live: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…" }[status];
  return (
    <span role="status" aria-live="polite" data-testid="live-indicator" data-status={status} className="inline-flex items-center gap-2 text-xs font-medium text-slate-600">
      <span
        aria-hidden
        className={cx(
          "size-2 rounded-full",
          status === "live" ? "bg-emerald-500 shadow-[0_0_0_3px] shadow-emerald-100" : status === "reconnecting" ? "animate-pulse bg-amber-500" : "bg-slate-300",
        )}
      />
      {label}
    </span>
  );
}

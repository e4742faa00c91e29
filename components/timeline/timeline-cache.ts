import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { rowMatchesFilters, type TimelineFilters, type TimelinePage, type TimelineRow } from "@/lib/timeline/types";

export const TIMELINE_QUERY_ROOT = "timeline";
/** Other cached data that depends on whom the viewer may see (the day view): reloaded when that changes. */
export const SCOPED_QUERY_ROOT = "scoped";

/** Rows per page, for the first page rendered on the server and the pages the browser loads after it. */
export const TIMELINE_PAGE_SIZE = 30;

export function timelineQueryKey(filters: TimelineFilters) {
  return [TIMELINE_QUERY_ROOT, filters] as const;
}

/** Puts rows pushed by the stream into every cached timeline list whose filters they match. */
export function mergeLiveRows(queryClient: QueryClient, rows: TimelineRow[]) {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: [TIMELINE_QUERY_ROOT] })) {
    const filters = (query.queryKey[1] ?? {}) as TimelineFilters;
    const matching = rows.filter((row) => rowMatchesFilters(row, filters));
    if (matching.length === 0) continue;
    queryClient.setQueryData<InfiniteData<TimelinePage, string | null>>(query.queryKey, (data) => {
      if (!data || data.pages.length === 0) return data;
      const held = new Set(data.pages.flatMap((page) => page.rows.map((row) => row.id)));
      const fresh = matching.filter((row) => !held.has(row.id));
      if (fresh.length === 0) return data;
      const [first, ...rest] = data.pages;
      return { ...data, pages: [{ ...first!, rows: [...fresh, ...first!.rows] }, ...rest] };
    });
  }
}

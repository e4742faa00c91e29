import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { TIMELINE_PAGE_SIZE, timelineQueryKey } from "@/components/timeline/timeline-cache";
import { TimelineView } from "@/components/timeline/timeline-view";
import { readUrlFilters, toApiFilters } from "@/components/timeline/url-filters";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { hasPermission } from "@/lib/auth/roles";
import { timelinePageData } from "@/lib/timeline/page-data";
import { listTimeline } from "@/lib/timeline/queries";
import { resolveViewerScope, scopeSeesOthers, type ViewerScope } from "@/lib/visibility/scope";

export const metadata: Metadata = { title: "Timeline" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The first page of rows is read here and handed to the browser's query cache, so rows are in the HTML rather than
 * fetched once the JavaScript runs. It holds only what the viewer may see (the same scope as /api/timeline). Not for date filters: they are local days, and only the browser knows its zone.
 */
async function prefetchFirstPage(scope: ViewerScope, searchParams: Awaited<SearchParams>): Promise<QueryClient> {
  const queryClient = new QueryClient();
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) if (typeof value === "string") params.set(key, value);
  const urlFilters = readUrlFilters(params);
  if (urlFilters.from || urlFilters.to) return queryClient;
  const filters = toApiFilters(urlFilters);
  await queryClient.prefetchInfiniteQuery({
    queryKey: timelineQueryKey(filters),
    queryFn: () => listTimeline(scope, filters, { limit: TIMELINE_PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  return queryClient;
}

export default async function TimelinePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePagePermission("timeline:view", "/timeline");
  const isAdmin = hasPermission(actor.role, "settings:manage");
  const scope = await resolveViewerScope(actor);
  const data = await timelinePageData(scope);
  const seesOthers = scopeSeesOthers(scope);
  const queryClient = data.everConnected ? await prefetchFirstPage(scope, await searchParams) : null;
  return (
    <>
      <PageHeader
        title={seesOthers ? "Team timeline" : "My activity"}
        description={seesOthers ? "What your team does in HaloPSA, as it happens." : "What you do in HaloPSA, as it happens."}
      />
      {data.everConnected ? (
        <HydrationBoundary state={dehydrate(queryClient!)}>
          <TimelineView people={data.people} services={data.services} latestEventId={data.latestEventId} isAdmin={isAdmin} />
        </HydrationBoundary>
      ) : (
        <Card>
          <EmptyState
            title="No activity yet"
            action={
              isAdmin ? (
                <Link href="/settings/services" className={buttonClasses("primary")}>
                  Connect HaloPSA
                </Link>
              ) : null
            }
          >
            {isAdmin
              ? "Connect HaloPSA and map your agents. New tickets, status changes, assignments and customer replies will appear here the moment they happen."
              : "When an admin connects HaloPSA, new tickets, status changes, assignments and customer replies by your team will appear here live."}
          </EmptyState>
        </Card>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { TimelineView } from "@/components/timeline/timeline-view";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { hasPermission } from "@/lib/auth/roles";
import { timelinePageData } from "@/lib/timeline/page-data";
import { resolveViewerScope, scopeSeesOthers } from "@/lib/visibility/scope";

export const metadata: Metadata = { title: "Timeline" };

export default async function TimelinePage() {
  const actor = await requirePagePermission("timeline:view", "/timeline");
  const isAdmin = hasPermission(actor.role, "settings:manage");
  const scope = await resolveViewerScope(actor);
  const data = await timelinePageData(scope);
  const seesOthers = scopeSeesOthers(scope);
  return (
    <>
      <PageHeader
        title={seesOthers ? "Team timeline" : "My activity"}
        description={seesOthers ? "What your team does in HaloPSA, as it happens." : "What you do in HaloPSA, as it happens."}
      />
      {data.everConnected ? (
        <TimelineView people={data.people} latestEventId={data.latestEventId} isAdmin={isAdmin} />
      ) : (
        <Card>
          <EmptyState
            title="No activity yet"
            action={
              isAdmin ? (
                <Link href="/settings/services/halopsa" className={buttonClasses("primary")}>
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

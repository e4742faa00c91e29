import type { Metadata } from "next";
import { ConnectionPanel } from "@/components/connect/connection-panel";
import { AuditTrail } from "@/components/audit/audit-trail";
import { HealthPanel } from "@/components/health/health-panel";
import { MappingPanel } from "@/components/mapping/mapping-panel";
import { TicketSummariesSwitch } from "@/components/privacy/ticket-summaries-switch";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { loadConnectionOverview } from "@/lib/connections/summary";
import { ticketSummariesEnabled } from "@/lib/connections/ticket-summaries";

export const metadata: Metadata = { title: "HaloPSA" };

export default async function HaloPsaPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/services/halopsa");
  const [overview, summariesEnabled] = await Promise.all([
    loadConnectionOverview(actor.organizationId),
    ticketSummariesEnabled(actor.organizationId),
  ]);
  const hasConnection = overview.connection !== null;
  return (
    <>
      <PageHeader title="HaloPSA" description="Connection, agent mapping and health." />
      <div className="space-y-8">
        <section aria-label="Connection">
          <ConnectionPanel initialOverview={overview} />
        </section>

        {hasConnection ? (
          <>
            <MappingPanel mode="settings" />

            {summariesEnabled !== null ? <TicketSummariesSwitch initialEnabled={summariesEnabled} /> : null}

            <HealthPanel />

            <AuditTrail />
          </>
        ) : null}
      </div>
    </>
  );
}

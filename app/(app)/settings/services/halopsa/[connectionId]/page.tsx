import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditTrail } from "@/components/audit/audit-trail";
import { ConnectionScope } from "@/components/connect/connection-context";
import { ConnectionPanel } from "@/components/connect/connection-panel";
import { HealthPanel } from "@/components/health/health-panel";
import { MappingPanel } from "@/components/mapping/mapping-panel";
import { TicketSummariesSwitch } from "@/components/privacy/ticket-summaries-switch";
import { PageHeader } from "@/components/ui/card";
import { getCurrentActor, requirePagePermission } from "@/lib/auth/page-guards";
import { connectionHref } from "@/lib/connections/connection-summary";
import { connectionOwnerCandidates } from "@/lib/connections/connections-service";
import { loadConnectionOverview } from "@/lib/connections/summary";

type Props = { params: Promise<{ connectionId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const actor = await getCurrentActor();
  const overview = actor ? await loadConnectionOverview(actor.organizationId, (await params).connectionId) : null;
  return { title: overview?.connection ? `${overview.connection.name} · HaloPSA` : "HaloPSA" };
}

/** One Halo connection: its service details, agent mapping, ticket summaries switch, health and recovery. */
export default async function HaloConnectionPage({ params }: Props) {
  const { connectionId } = await params;
  const actor = await requirePagePermission("settings:manage", connectionHref(connectionId));
  const [overview, admins] = await Promise.all([
    loadConnectionOverview(actor.organizationId, connectionId),
    connectionOwnerCandidates(actor.organizationId),
  ]);
  const connection = overview.connection;
  if (!connection) notFound();
  return (
    <ConnectionScope connectionId={connection.id}>
      <p className="mb-2 text-sm">
        <Link href="/settings/services" className="text-brand-700 hover:underline">
          ← Services
        </Link>
      </p>
      <PageHeader title="HaloPSA" description="Service details, agent mapping and health of this connection." />
      <div className="space-y-8">
        <section aria-label="Service details">
          <ConnectionPanel initialOverview={{ ...overview, connection }} admins={admins} />
        </section>
        <MappingPanel mode="settings" />
        <TicketSummariesSwitch initialEnabled={connection.showTicketSummaries} />
        <HealthPanel />
        <AuditTrail />
      </div>
    </ConnectionScope>
  );
}

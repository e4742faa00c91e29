import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConnectWizard } from "@/components/connect/connect-wizard";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { connectionHref } from "@/lib/connections/connection-summary";
import { loadConnectionOverview } from "@/lib/connections/summary";

export const metadata: Metadata = { title: "Reconnect HaloPSA" };

export default async function ReconnectHaloPage({ params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params;
  const actor = await requirePagePermission("settings:manage", `${connectionHref(connectionId)}/connect`);
  const overview = await loadConnectionOverview(actor.organizationId, connectionId);
  if (!overview.connection) notFound();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={connectionHref(connectionId)} className="text-brand-700 hover:underline">
          ← {overview.connection.name}
        </Link>
      </p>
      <PageHeader title={`Connect “${overview.connection.name}” again`} description="Check the credentials, register a fresh webhook, then review the agent mapping." />
      <ConnectWizard initialOverview={overview} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ConnectWizard } from "@/components/connect/connect-wizard";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { webhookTarget } from "@/lib/connections/summary";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Connect HaloPSA" };

/** A new Halo connection: the organization's first, or another tenant next to the ones it has. */
export default async function ConnectHaloPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/services/halopsa/connect");
  const existing = await db.haloConnection.count({ where: { organizationId: actor.organizationId } });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/services" className="text-brand-700 hover:underline">
          ← Services
        </Link>
      </p>
      <PageHeader
        title={existing > 0 ? "Add another Halo connection" : "Connect HaloPSA"}
        description="Three steps: create an API application in Halo, connect, then map Halo agents to your team."
      />
      <ConnectWizard initialOverview={{ connection: null, webhookTarget: webhookTarget() }} />
    </>
  );
}

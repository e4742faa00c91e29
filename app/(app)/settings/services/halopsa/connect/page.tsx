import type { Metadata } from "next";
import Link from "next/link";
import { ConnectWizard } from "@/components/connect/connect-wizard";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { loadConnectionOverview } from "@/lib/connections/summary";

export const metadata: Metadata = { title: "Connect HaloPSA" };

export default async function ConnectHaloPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/services/halopsa/connect");
  const overview = await loadConnectionOverview(actor.organizationId);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/services/halopsa" className="text-brand-700 hover:underline">
          ← HaloPSA
        </Link>
      </p>
      <PageHeader title="Connect HaloPSA" description="Three steps: create an API application in Halo, connect, then map Halo agents to your team." />
      <ConnectWizard initialOverview={overview} />
    </>
  );
}

import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/services");
  const connection = await db.haloConnection.findUnique({
    where: { organizationId: actor.organizationId },
    select: { status: true, tenantUrl: true },
  });
  const connected = connection?.status === "active";
  // Nothing to manage yet (never connected, or disconnected): Connect opens the wizard itself.
  const manageable = connected || connection?.status === "error";
  return (
    <>
      <PageHeader title="Services" description="Connect the tools your team works in. WorkSights listens for activity and shows it on the timeline." />
      <Card>
        <div className="flex flex-wrap items-center gap-4 p-5">
          <Image src="/halo-logo.svg" alt="" width={44} height={44} className="size-11 shrink-0" unoptimized />
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-2">
              <h2 className="font-semibold">HaloPSA</h2>
              {connected ? <Badge tone="success">Connected</Badge> : connection?.status === "error" ? <Badge tone="danger">Needs attention</Badge> : <Badge>Not connected</Badge>}
            </div>
            <p className="mt-0.5 truncate text-sm text-slate-600">
              {connected ? connection.tenantUrl : "Tickets, status changes, assignments and customer replies. Works with HaloITSM and self-hosted Halo too."}
            </p>
          </div>
          <Link href={manageable ? "/settings/services/halopsa" : "/settings/services/halopsa/connect"} className={buttonClasses(manageable ? "secondary" : "primary")}>
            {manageable ? "Manage" : "Connect"}
          </Link>
        </div>
      </Card>
    </>
  );
}

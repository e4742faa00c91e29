import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { ConnectionStatusBadge } from "@/components/connect/status-badge";
import { When } from "@/components/ui/when";
import { buttonClasses } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { connectionHref } from "@/lib/connections/connection-summary";
import { listConnectionSummaries } from "@/lib/connections/summary";

export const metadata: Metadata = { title: "Services" };

const WIZARD = "/settings/services/halopsa/connect";

export default async function ServicesPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/services");
  const connections = await listConnectionSummaries(actor.organizationId);
  return (
    <>
      <PageHeader title="Services" description="Connect the tools your team works in. WorkSights listens for activity and shows it on the timeline." />
      <Card>
        <div className="flex flex-wrap items-center gap-4 p-5">
          <Image src="/halo-logo.svg" alt="" width={44} height={44} className="size-11 shrink-0" unoptimized />
          <div className="min-w-0 flex-1 basis-64">
            <h2 className="font-semibold">HaloPSA</h2>
            <p className="mt-0.5 text-sm text-slate-600">
              Tickets, status changes, assignments and customer replies. Works with HaloITSM and self-hosted Halo too; connect each
              tenant you run.
            </p>
          </div>
          <Link href={WIZARD} className={buttonClasses(connections.length > 0 ? "secondary" : "primary")}>
            {connections.length > 0 ? "Add another Halo connection" : "Connect"}
          </Link>
        </div>
        {connections.length > 0 ? (
          <ul aria-label="Halo connections" className="divide-y divide-slate-100 border-t border-slate-200">
            {connections.map((connection) => (
              <li key={connection.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-4" data-testid="service-connection">
                <div className="min-w-0 flex-1 basis-64">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={connectionHref(connection.id)} className="min-w-0 font-medium break-words text-brand-700 hover:underline">
                      {connection.name}
                    </Link>
                    <ConnectionStatusBadge status={connection.status} />
                  </div>
                  <p className="mt-0.5 text-sm break-all text-slate-600">{new URL(connection.tenantUrl).host}</p>
                </div>
                <p className="text-sm text-slate-600">
                  {connection.mappedAgentCount} of {connection.agentCount - connection.ignoredAgentCount} agents mapped ·{" "}
                  {connection.lastEventAt ? (
                    <>
                      last event <When iso={connection.lastEventAt} />
                    </>
                  ) : (
                    "no events yet"
                  )}
                </p>
                <Link href={connectionHref(connection.id)} className={buttonClasses("secondary", "sm")}>
                  Manage<span className="sr-only"> {connection.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
    </>
  );
}

import { redirect } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { connectionHref } from "@/lib/connections/connection-summary";
import { db } from "@/lib/db/client";

/** The address from before several connections: the only connection's page, the wizard, or the list of them. */
export default async function HaloPsaPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/services/halopsa");
  const connections = await db.haloConnection.findMany({ where: { organizationId: actor.organizationId }, select: { id: true }, take: 2 });
  if (connections.length === 0) redirect("/settings/services/halopsa/connect");
  if (connections.length === 1) redirect(connectionHref(connections[0]!.id));
  redirect("/settings/services");
}

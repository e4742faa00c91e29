import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";

export async function organizationTimeZone(organizationId: string): Promise<string> {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { timeZone: true } });
  return organization?.timeZone ?? "UTC";
}

export async function setOrganizationTimeZone(actor: Actor, timeZone: string): Promise<string> {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { timeZone: true } });
    if (before.timeZone === timeZone) return timeZone;
    await tx.organization.update({ where: { id: actor.organizationId }, data: { timeZone } });
    await recordAudit(tx, actor, "organization.time_zone", `Organization time zone ${before.timeZone} → ${timeZone}`);
    return timeZone;
  });
}

/** The zone a person sees days in: their own, else the organization's. */
export async function viewerTimeZone(person: { id: string; organizationId: string }): Promise<string> {
  const user = await db.user.findUnique({ where: { id: person.id }, select: { timeZone: true, organization: { select: { timeZone: true } } } });
  return user?.timeZone ?? user?.organization.timeZone ?? "UTC";
}

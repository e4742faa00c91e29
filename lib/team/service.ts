import "server-only";
import { Prisma } from "@prisma/client";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/api/service-error";
import { recordAudit } from "@/lib/audit/record";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { visibilityChanges } from "@/lib/visibility/changes";
import { describeCycle, reassignmentOnRemoval, reportingCycle } from "@/lib/visibility/org-tree";
import type { TeamMemberCreateInput, TeamMemberUpdateInput } from "./schemas";

export type TeamMember = {
  id: string;
  name: string;
  email: string;
  role: string;
  canSignIn: boolean;
  managerId: string | null;
  /** Null: the organization's zone. */
  timeZone: string | null;
};

const memberSelect = { id: true, name: true, email: true, role: true, passwordHash: true, managerId: true, timeZone: true } as const;

function toTeamMember(user: Prisma.UserGetPayload<{ select: typeof memberSelect }>): TeamMember {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    canSignIn: Boolean(user.passwordHash),
    managerId: user.managerId,
    timeZone: user.timeZone,
  };
}


const emailTaken = () => new ServiceError(409, "email_taken", "Someone with this email address already exists.");

export async function listTeam(organizationId: string): Promise<TeamMember[]> {
  const users = await db.user.findMany({ where: { organizationId }, select: memberSelect, orderBy: { name: "asc" } });
  return users.map(toTeamMember);
}

async function changedVisibility(organizationId: string) {
  // The webhook receiver keeps agent → person lookups in memory for a few seconds; open streams keep scopes.
  await invalidateIngestConnection();
  visibilityChanges().notify(organizationId);
}

async function assertManagerInOrganization(tx: Prisma.TransactionClient, actor: Actor, managerId: string) {
  const manager = await tx.user.findFirst({ where: { id: managerId, organizationId: actor.organizationId }, select: { id: true } });
  if (!manager) {
    throw new ServiceError(400, "invalid_input", "The person chosen under Reports to is not in this workspace.", {
      managerId: ["Choose someone from the list"],
    });
  }
}

async function assertNoReportingCycle(tx: Prisma.TransactionClient, actor: Actor, userId: string, managerId: string) {
  const people = await tx.user.findMany({
    where: { organizationId: actor.organizationId },
    select: { id: true, name: true, managerId: true },
  });
  const cycle = reportingCycle(people, userId, managerId);
  if (!cycle) return;
  const message =
    cycle.length === 2
      ? `${cycle[0]} cannot report to themselves.`
      : `This would make a reporting loop: ${describeCycle(cycle)}. Choose someone outside ${cycle[0]}'s own team.`;
  throw new ServiceError(409, "reporting_cycle", message, { managerId: [message] });
}

export async function createTeamMember(actor: Actor, input: TeamMemberCreateInput): Promise<TeamMember> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    const created = await db.$transaction(async (tx) => {
      if (input.managerId) await assertManagerInOrganization(tx, actor, input.managerId);
      const user = await tx.user.create({
        data: {
          organizationId: actor.organizationId,
          name: input.name,
          email: input.email,
          role: input.role,
          passwordHash,
          managerId: input.managerId ?? null,
          timeZone: input.timeZone ?? null,
        },
        select: memberSelect,
      });
      await recordAudit(tx, actor, "team.member_added", `Added ${user.name} (${user.email}) as ${user.role}`);
      return toTeamMember(user);
    });
    await changedVisibility(actor.organizationId);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

async function findMemberOrThrow(tx: Prisma.TransactionClient, actor: Actor, userId: string) {
  const user = await tx.user.findFirst({ where: { id: userId, organizationId: actor.organizationId } });
  if (!user) throw new ServiceError(404, "not_found", "This team member no longer exists.");
  return user;
}

async function assertAnotherAdminRemains(tx: Prisma.TransactionClient, actor: Actor, userId: string) {
  const otherAdmins = await tx.user.count({
    where: { organizationId: actor.organizationId, role: "admin", id: { not: userId } },
  });
  if (otherAdmins === 0) {
    throw new ServiceError(409, "last_admin", "The workspace needs at least one admin. Make someone else an admin first.");
  }
}

async function nameOf(tx: Prisma.TransactionClient, userId: string | null): Promise<string> {
  if (!userId) return "no one";
  return (await tx.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? "no one";
}

export async function updateTeamMember(actor: Actor, userId: string, input: TeamMemberUpdateInput): Promise<TeamMember> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  try {
    const updated = await db.$transaction(async (tx) => {
      const existing = await findMemberOrThrow(tx, actor, userId);
      if (existing.role === "admin" && input.role && input.role !== "admin") await assertAnotherAdminRemains(tx, actor, userId);
      const managerChanged = input.managerId !== undefined && input.managerId !== existing.managerId;
      if (managerChanged && input.managerId) {
        await assertManagerInOrganization(tx, actor, input.managerId);
        await assertNoReportingCycle(tx, actor, userId, input.managerId);
      }
      const user = await tx.user.update({
        where: { id: userId },
        data: {
          name: input.name,
          email: input.email,
          role: input.role,
          passwordHash,
          managerId: input.managerId,
          timeZone: input.timeZone,
        },
        select: memberSelect,
      });
      const changes = [
        input.name && input.name !== existing.name ? "name" : null,
        input.email && input.email !== existing.email ? "email" : null,
        input.role && input.role !== existing.role ? `role → ${input.role}` : null,
        managerChanged ? `reports to → ${await nameOf(tx, input.managerId ?? null)}` : null,
        input.timeZone !== undefined && input.timeZone !== existing.timeZone ? `time zone → ${input.timeZone ?? "organization's"}` : null,
        passwordHash ? "password" : null,
      ].filter(Boolean);
      if (changes.length > 0) {
        await recordAudit(tx, actor, "team.member_updated", `Updated ${user.name}: ${changes.join(", ")}`);
      }
      return toTeamMember(user);
    });
    await changedVisibility(actor.organizationId);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/** Removes a person; their direct reports now report to the removed person's own manager (or to no one). */
export async function removeTeamMember(actor: Actor, userId: string): Promise<{ reassigned: number; newManagerName: string | null }> {
  if (userId === actor.id) throw new ServiceError(409, "cannot_remove_self", "You cannot remove yourself.");
  const result = await db.$transaction(async (tx) => {
    const existing = await findMemberOrThrow(tx, actor, userId);
    if (existing.role === "admin") await assertAnotherAdminRemains(tx, actor, userId);
    const people = await tx.user.findMany({
      where: { organizationId: actor.organizationId },
      select: { id: true, name: true, managerId: true },
    });
    const { newManagerId, reportIds } = reassignmentOnRemoval(people, userId);
    if (reportIds.length > 0) {
      await tx.user.updateMany({ where: { id: { in: reportIds } }, data: { managerId: newManagerId } });
    }
    await tx.user.delete({ where: { id: userId } });
    const newManagerName = newManagerId ? (people.find((person) => person.id === newManagerId)?.name ?? null) : null;
    const handedOver =
      reportIds.length > 0 ? `; ${reportIds.length} report${reportIds.length === 1 ? "" : "s"} now report to ${newManagerName ?? "no one"}` : "";
    await recordAudit(tx, actor, "team.member_removed", `Removed ${existing.name} (${existing.email})${handedOver}`);
    return { reassigned: reportIds.length, newManagerName };
  });
  await changedVisibility(actor.organizationId);
  return result;
}

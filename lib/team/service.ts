import "server-only";
import { Prisma } from "@prisma/client";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/api/service-error";
import { recordAudit } from "@/lib/audit/record";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import type { TeamMemberCreateInput, TeamMemberUpdateInput } from "./schemas";

export type TeamMember = { id: string; name: string; email: string; role: string; canSignIn: boolean };

const memberSelect = { id: true, name: true, email: true, role: true, passwordHash: true } as const;

function toTeamMember(user: { id: string; name: string; email: string; role: string; passwordHash: string | null }) {
  return { id: user.id, name: user.name, email: user.email, role: user.role, canSignIn: Boolean(user.passwordHash) };
}


const emailTaken = () => new ServiceError(409, "email_taken", "Someone with this email address already exists.");

export async function listTeam(organizationId: string): Promise<TeamMember[]> {
  const users = await db.user.findMany({ where: { organizationId }, select: memberSelect, orderBy: { name: "asc" } });
  return users.map(toTeamMember);
}

export async function createTeamMember(actor: Actor, input: TeamMemberCreateInput): Promise<TeamMember> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { organizationId: actor.organizationId, name: input.name, email: input.email, role: input.role, passwordHash },
        select: memberSelect,
      });
      await recordAudit(tx, actor, "team.member_added", `Added ${user.name} (${user.email}) as ${user.role}`);
      return toTeamMember(user);
    });
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

export async function updateTeamMember(actor: Actor, userId: string, input: TeamMemberUpdateInput): Promise<TeamMember> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  try {
    const updated = await db.$transaction(async (tx) => {
      const existing = await findMemberOrThrow(tx, actor, userId);
      if (existing.role === "admin" && input.role === "manager") await assertAnotherAdminRemains(tx, actor, userId);
      const user = await tx.user.update({
        where: { id: userId },
        data: { name: input.name, email: input.email, role: input.role, passwordHash },
        select: memberSelect,
      });
      const changes = [
        input.name && input.name !== existing.name ? "name" : null,
        input.email && input.email !== existing.email ? "email" : null,
        input.role && input.role !== existing.role ? `role → ${input.role}` : null,
        passwordHash ? "password" : null,
      ].filter(Boolean);
      if (changes.length > 0) {
        await recordAudit(tx, actor, "team.member_updated", `Updated ${user.name}: ${changes.join(", ")}`);
      }
      return toTeamMember(user);
    });
    await invalidateIngestConnection();
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function removeTeamMember(actor: Actor, userId: string): Promise<void> {
  if (userId === actor.id) throw new ServiceError(409, "cannot_remove_self", "You cannot remove yourself.");
  await db.$transaction(async (tx) => {
    const existing = await findMemberOrThrow(tx, actor, userId);
    if (existing.role === "admin") await assertAnotherAdminRemains(tx, actor, userId);
    await tx.user.delete({ where: { id: userId } });
    await recordAudit(tx, actor, "team.member_removed", `Removed ${existing.name} (${existing.email})`);
  });
  // The webhook receiver keeps agent → person lookups in memory for a few seconds.
  await invalidateIngestConnection();
}

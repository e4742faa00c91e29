import "server-only";
import type { HaloConnection, Prisma } from "@prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/api/service-error";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { connectionHref, type ConnectionRef, type ConnectionSummary } from "./connection-summary";
import type { ConnectionUpdate } from "./connection-settings-schema";
import { summariseConnection } from "./summary";

type Client = Prisma.TransactionClient | typeof db;

/** The same answer for an id that does not exist and one of another organization: nothing to learn, nothing changed. */
export const connectionNotFound = () =>
  new ServiceError(404, "connection_not_found", "This Halo connection does not exist in your workspace. Reload Settings → Services.");

/** One of the organization's connections, or a 404 ServiceError. */
export async function requireOrganizationConnection(organizationId: string, connectionId: string, client: Client = db): Promise<HaloConnection> {
  const row = connectionId.length <= 64 ? await client.haloConnection.findFirst({ where: { id: connectionId, organizationId } }) : null;
  if (!row) throw connectionNotFound();
  return row;
}

/** The organization's connection to this tenant (tenant URLs are stored in their normal form), other than `exceptId`. */
export async function connectionForTenant(organizationId: string, tenantUrl: string, exceptId?: string): Promise<ConnectionRef | null> {
  return db.haloConnection.findFirst({
    where: { organizationId, tenantUrl, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, name: true },
  });
}

export function duplicateTenantError(existing: ConnectionRef, tenantUrl: string): ServiceError {
  return new ServiceError(
    409,
    "duplicate_tenant",
    `${tenantUrl} is already connected in this workspace as “${existing.name}”. Open that connection to reconnect or refresh it instead.`,
    undefined,
    { href: connectionHref(existing.id), label: `Open “${existing.name}”` },
  );
}

/** The names already used in the organization, compared without regard to case. */
export async function takenConnectionNames(organizationId: string, client: Client = db, exceptId?: string): Promise<Set<string>> {
  const rows = await client.haloConnection.findMany({
    where: { organizationId, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  return new Set(rows.map((row) => row.name.toLocaleLowerCase()));
}

const nameTaken = (name: string) =>
  new ServiceError(409, "name_taken", `Another Halo connection in this workspace is already called “${name}”. Choose another name.`, {
    name: [`Another connection is already called “${name}”.`],
  });

async function rename(actor: Actor, connection: HaloConnection, name: string): Promise<void> {
  if (name === connection.name) return;
  try {
    await db.$transaction(async (tx) => {
      if ((await takenConnectionNames(actor.organizationId, tx, connection.id)).has(name.toLocaleLowerCase())) throw nameTaken(name);
      await tx.haloConnection.update({ where: { id: connection.id }, data: { name } });
      await recordAudit(tx, actor, "halo.renamed", `Renamed the Halo connection “${connection.name}” to “${name}”`);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

async function reassignOwner(actor: Actor, connection: HaloConnection, ownerId: string): Promise<void> {
  const owner = await db.user.findFirst({ where: { id: ownerId, organizationId: actor.organizationId }, select: { id: true, name: true, role: true } });
  if (!owner) throw new ServiceError(404, "unknown_user", "That person is not in this workspace. Reload the page and choose again.", { ownerId: ["Not in this workspace."] });
  if (owner.role !== "admin") {
    throw new ServiceError(422, "owner_not_admin", `${owner.name} is not an admin. Only an admin can own a Halo connection; make them an admin in Settings → Team first.`, {
      ownerId: ["Only an admin can own a connection."],
    });
  }
  if (owner.id === connection.ownerId) return;
  await db.$transaction(async (tx) => {
    await tx.haloConnection.update({ where: { id: connection.id }, data: { ownerId: owner.id } });
    await recordAudit(tx, actor, "halo.owner_changed", `Made ${owner.name} the owner of the Halo connection “${connection.name}”`);
  });
}

/** Renames a connection or hands it to another admin; nothing else about it changes. */
export async function updateConnection(actor: Actor, connectionId: string, update: ConnectionUpdate): Promise<ConnectionSummary> {
  const connection = await requireOrganizationConnection(actor.organizationId, connectionId);
  if ("name" in update) await rename(actor, connection, update.name);
  else await reassignOwner(actor, connection, update.ownerId);
  // The receiver labels the rows it publishes with the connection's name.
  await invalidateIngestConnection(connection.id);
  return summariseConnection(await requireOrganizationConnection(actor.organizationId, connectionId));
}

/** The admins a connection can be handed to. */
export function connectionOwnerCandidates(organizationId: string): Promise<{ id: string; name: string }[]> {
  return db.user.findMany({ where: { organizationId, role: "admin" }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

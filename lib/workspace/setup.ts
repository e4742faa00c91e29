import "server-only";
import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { ServiceError } from "@/lib/api/service-error";
import type { WorkspaceSetupInput } from "./setup-schema";

export async function isWorkspaceCreated(): Promise<boolean> {
  return (await db.user.count()) > 0;
}

/** First run only: creates the organization and its first admin, refusing once anyone exists. */
export async function createWorkspace(input: WorkspaceSetupInput) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) {
      throw new ServiceError(409, "workspace_exists", "This workspace is already set up. Sign in instead.");
    }
    const organization = await tx.organization.create({ data: { name: input.organizationName } });
    const admin = await tx.user.create({
      data: { organizationId: organization.id, name: input.name, email: input.email, passwordHash, role: "admin" },
    });
    return { organization, admin };
  });
}

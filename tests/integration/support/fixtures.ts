import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

export const TEST_PASSWORD = "correct-horse-battery";

export async function createWorkspaceWithPeople() {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const organization = await db.organization.create({ data: { name: `Org ${Math.random().toString(36).slice(2, 8)}` } });
  const suffix = organization.id.slice(-6);
  const admin = await db.user.create({
    data: { organizationId: organization.id, name: "Alex Admin", email: `admin-${suffix}@example.com`, role: "admin", passwordHash },
  });
  const manager = await db.user.create({
    data: { organizationId: organization.id, name: "Mo Manager", email: `manager-${suffix}@example.com`, role: "manager", passwordHash },
  });
  return { organization, admin, manager };
}

import "server-only";
import { db } from "@/lib/db/client";
import { roleSchema, type Role } from "./roles";

/** The signed-in person, always re-read from the database so role changes and removals apply at once. */
export type Actor = {
  id: string;
  organizationId: string;
  role: Role;
  name: string;
  email: string;
};

export async function loadActor(userId: string | undefined | null): Promise<Actor | null> {
  if (!userId) return null;
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) return null;
  const role = roleSchema.safeParse(user.role);
  if (!role.success) return null;
  return { id: user.id, organizationId: user.organizationId, role: role.data, name: user.name, email: user.email };
}

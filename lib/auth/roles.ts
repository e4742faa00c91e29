import { z } from "zod";

export const ROLES = ["admin", "manager", "member"] as const;
export const roleSchema = z.enum(ROLES, { error: "Role must be admin, manager or member" });
export type Role = z.infer<typeof roleSchema>;

/**
 * What a role may do. Which people's activity a role may see is not a permission but a scope, decided in
 * lib/visibility: admins everyone, managers their reporting subtree, members themselves.
 */
export type Permission = "settings:manage" | "timeline:view";

const permissionsByRole: Record<Role, readonly Permission[]> = {
  admin: ["settings:manage", "timeline:view"],
  manager: ["timeline:view"],
  member: ["timeline:view"],
};

export function hasPermission(role: string, permission: Permission): boolean {
  const parsed = roleSchema.safeParse(role);
  return parsed.success && permissionsByRole[parsed.data].includes(permission);
}

export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", manager: "Manager", member: "Member" };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Settings and everyone's activity",
  manager: "Activity of everyone who reports to them",
  member: "Their own activity",
};

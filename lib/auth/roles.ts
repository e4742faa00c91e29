import { z } from "zod";

export const ROLES = ["admin", "manager"] as const;
export const roleSchema = z.enum(ROLES, { error: "Role must be admin or manager" });
export type Role = z.infer<typeof roleSchema>;

export type Permission = "settings:manage" | "timeline:view";

const permissionsByRole: Record<Role, readonly Permission[]> = {
  admin: ["settings:manage", "timeline:view"],
  manager: ["timeline:view"],
};

export function hasPermission(role: string, permission: Permission): boolean {
  const parsed = roleSchema.safeParse(role);
  return parsed.success && permissionsByRole[parsed.data].includes(permission);
}

export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", manager: "Manager" };

import { Select } from "@/components/ui/field";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";

export function RoleSelect({ id, defaultValue = "manager" }: { id: string; defaultValue?: Role }) {
  return (
    <Select id={id} name="role" defaultValue={defaultValue}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </Select>
  );
}

import { Card } from "@/components/ui/card";
import { ROLE_LABELS, roleSchema } from "@/lib/auth/roles";
import type { TeamMember } from "@/lib/team/service";
import { flattenOrgTree } from "@/lib/visibility/org-tree";

/** Reporting lines as an indented tree: each person under the one they report to. */
export function OrgTree({ members, currentUserId }: { members: TeamMember[]; currentUserId: string }) {
  const nodes = flattenOrgTree(members);
  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold">Reporting lines</h2>
      <p className="mt-1 text-xs text-slate-600">Managers see the activity of everyone below them.</p>
      <ul className="mt-3 space-y-1 text-sm" aria-label="Reporting lines" data-testid="org-tree">
        {nodes.map(({ person, depth }) => {
          const member = person as TeamMember;
          const role = roleSchema.safeParse(member.role);
          return (
            <li
              key={person.id}
              data-depth={depth}
              style={{ paddingLeft: `${depth * 1.25}rem` }}
              className="flex items-baseline gap-2"
            >
              {depth > 0 ? <span aria-hidden className="text-slate-300">└</span> : null}
              <span className="truncate font-medium text-slate-800">
                {person.name}
                {person.id === currentUserId ? <span className="ml-1 text-xs font-normal text-slate-600">(you)</span> : null}
              </span>
              <span className="shrink-0 text-xs text-slate-600">{role.success ? ROLE_LABELS[role.data] : member.role}</span>
              {depth > 0 ? <span className="sr-only">, level {depth + 1}</span> : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

import type { TeamMember } from "@/lib/team/service";
import { reassignmentOnRemoval } from "@/lib/visibility/org-tree";

/** The question asked before removing someone, naming who their reports will report to afterwards. */
export function removalConfirmation(member: Pick<TeamMember, "id" | "name">, members: readonly Pick<TeamMember, "id" | "name" | "managerId">[]): string {
  const { newManagerId, reportIds } = reassignmentOnRemoval(members, member.id);
  const base = `Remove ${member.name} from the workspace? Their timeline activity is removed too.`;
  if (reportIds.length === 0) return base;
  const names = reportIds.map((id) => members.find((person) => person.id === id)?.name ?? id);
  const listed = names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
  const heir = newManagerId ? (members.find((person) => person.id === newManagerId)?.name ?? "their manager") : "no one";
  const count = reportIds.length === 1 ? "Their report" : `Their ${reportIds.length} reports`;
  return `${base}\n\n${count} (${listed}) will report to ${heir} instead.`;
}

// Pure reporting-line logic: who is below whom, which change would close a loop, who inherits whose reports.
// Shared by the server (visibility, validation) and the browser (the Settings → Team tree).

export interface OrgPerson {
  id: string;
  name: string;
  managerId: string | null;
}

function reportsByManager(people: readonly OrgPerson[]): Map<string, OrgPerson[]> {
  const byManager = new Map<string, OrgPerson[]>();
  for (const person of people) {
    if (!person.managerId) continue;
    const list = byManager.get(person.managerId) ?? [];
    list.push(person);
    byManager.set(person.managerId, list);
  }
  return byManager;
}

/** The person and everyone who reports to them directly or further down. Terminates on stored loops. */
export function subtreeOf(people: readonly OrgPerson[], rootId: string): Set<string> {
  const byManager = reportsByManager(people);
  const seen = new Set<string>([rootId]);
  const queue = [rootId];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const report of byManager.get(current) ?? []) {
      if (seen.has(report.id)) continue;
      seen.add(report.id);
      queue.push(report.id);
    }
  }
  return seen;
}

/**
 * The loop that "personId reports to newManagerId" would close, as the names along it
 * (["Ada", "Bob", "Ada"] = Ada reports to Bob, who reports to Ada), or null when there is none.
 */
export function reportingCycle(people: readonly OrgPerson[], personId: string, newManagerId: string | null): string[] | null {
  if (!newManagerId) return null;
  const byId = new Map(people.map((person) => [person.id, person]));
  const path = [personId];
  const visited = new Set<string>();
  let current: string | null = newManagerId;
  while (current && !visited.has(current)) {
    path.push(current);
    if (current === personId) return path.map((id) => byId.get(id)?.name ?? id);
    visited.add(current);
    current = byId.get(current)?.managerId ?? null;
  }
  return null;
}

export function describeCycle(names: readonly string[]): string {
  return names.join(" → ");
}

/** On removing a person, each of their direct reports moves to the removed person's own manager (or to no one). */
export function reassignmentOnRemoval(
  people: readonly OrgPerson[],
  removedId: string,
): { newManagerId: string | null; reportIds: string[] } {
  const removed = people.find((person) => person.id === removedId);
  const newManagerId = removed?.managerId && removed.managerId !== removedId ? removed.managerId : null;
  return { newManagerId, reportIds: people.filter((person) => person.managerId === removedId && person.id !== removedId).map((person) => person.id) };
}

export interface OrgTreeNode {
  person: OrgPerson;
  depth: number;
}

/**
 * People in reporting order for an indented tree: everyone without a (known) manager at depth 0, reports below
 * their manager, each level sorted by name. People caught in a stored loop are listed at depth 0 as well.
 */
export function flattenOrgTree(people: readonly OrgPerson[]): OrgTreeNode[] {
  const ids = new Set(people.map((person) => person.id));
  const byManager = reportsByManager(people);
  const byName = (a: OrgPerson, b: OrgPerson) => a.name.localeCompare(b.name);
  const result: OrgTreeNode[] = [];
  const placed = new Set<string>();
  const visit = (person: OrgPerson, depth: number) => {
    if (placed.has(person.id)) return;
    placed.add(person.id);
    result.push({ person, depth });
    for (const report of [...(byManager.get(person.id) ?? [])].sort(byName)) visit(report, depth + 1);
  };
  const roots = people.filter((person) => !person.managerId || !ids.has(person.managerId)).sort(byName);
  for (const root of roots) visit(root, 0);
  for (const person of [...people].sort(byName)) visit(person, 0);
  return result;
}

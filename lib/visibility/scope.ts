import "server-only";
import { db } from "@/lib/db/client";
import { loadActor, type Actor } from "@/lib/auth/actor";
import { subtreeOf } from "./org-tree";

/**
 * Whose activity a viewer may see. The single place that decides it: every activity query takes a scope
 * from here and has no other way to filter by person.
 * - admin: everyone in the organization ("Everyone"), or their own reporting subtree when they ask for "My team";
 * - manager: themselves and everyone who reports to them, directly or further down;
 * - member: themselves.
 */
export type ViewerScope =
  | { viewerId: string; organizationId: string; everyone: true }
  | { viewerId: string; organizationId: string; everyone: false; people: ReadonlySet<string> };

export type TeamChoice = "mine" | "everyone";

export async function resolveViewerScope(actor: Actor, choice: TeamChoice = "everyone"): Promise<ViewerScope> {
  const base = { viewerId: actor.id, organizationId: actor.organizationId };
  if (actor.role === "admin" && choice === "everyone") return { ...base, everyone: true };
  if (actor.role === "member") return { ...base, everyone: false, people: new Set([actor.id]) };
  const people = await db.user.findMany({
    where: { organizationId: actor.organizationId },
    select: { id: true, name: true, managerId: true },
  });
  return { ...base, everyone: false, people: subtreeOf(people, actor.id) };
}

export function scopeIncludes(scope: ViewerScope, userId: string): boolean {
  return scope.everyone || scope.people.has(userId);
}

/** Sees anyone besides themselves (the team day view is for them). */
export function scopeSeesOthers(scope: ViewerScope): boolean {
  return scope.everyone || scope.people.size > 1;
}

export function sameScope(a: ViewerScope, b: ViewerScope): boolean {
  if (a.everyone || b.everyone) return a.everyone === b.everyone;
  return a.people.size === b.people.size && [...a.people].every((id) => b.people.has(id));
}

/**
 * The person condition for a query on rows owned by `userId`, narrowed to one requested person when given.
 * Null means the viewer may see nothing of what was asked (a person outside their scope): return no rows.
 */
export function scopedUserCondition(scope: ViewerScope, requestedUserId?: string): { userId?: string | { in: string[] } } | null {
  if (requestedUserId) return scopeIncludes(scope, requestedUserId) ? { userId: requestedUserId } : null;
  return scope.everyone ? {} : { userId: { in: [...scope.people] } };
}

/** A scope that can be read again for a long-lived stream: the person is re-read too, so role changes apply. */
export function reloadableScope(actor: Actor, scope: ViewerScope, choice: TeamChoice = "everyone") {
  return {
    scope,
    async reload(): Promise<ViewerScope | null> {
      const current = await loadActor(actor.id);
      return current ? resolveViewerScope(current, choice) : null;
    },
  };
}

/** Everyone in the organization, for code acting for the system rather than a person (tests, benchmarks). */
export function organizationWideScope(organizationId: string): ViewerScope {
  return { viewerId: "system", organizationId, everyone: true };
}

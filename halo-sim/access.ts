import { HttpError, type RequestContext } from "./http";
import { authenticate, scopeCovers } from "./oauth";
import type { SimRuntime } from "./runtime";

export interface AccessRule {
  /** OAuth scope the token must carry (Halo has none for agents). */
  scope?: "read:tickets" | "admin:webhooks";
  /** The login agent's role must be allowed to see this (the `Administrator` role is refused). */
  roleGated?: boolean;
}

/** 401 (empty) without a valid token, 403 (empty, as Halo does) when the role or a scope is missing. */
export function requireAccess(ctx: RequestContext, runtime: SimRuntime, rule: AccessRule): void {
  const token = authenticate(ctx, runtime);
  if (rule.roleGated && runtime.config.role === "Administrator") throw new HttpError(403);
  const { scope } = rule;
  if (scope && !token.scopes.some((granted) => scopeCovers(granted, scope, runtime.config.impliedScopes))) {
    throw new HttpError(403);
  }
}

/** Halo-style paging: `pageinate=true&page_size&page_no` (1-based), at most 100 per page; else `count` limits. */
export function paginate<T>(ctx: RequestContext, items: T[]): { page: T[]; paging: { page_no: number; page_size: number } | null } {
  if (ctx.query.bool("pageinate")) {
    const pageSize = Math.min(100, Math.max(1, ctx.query.int("page_size") ?? 50));
    const pageNo = Math.max(1, ctx.query.int("page_no") ?? 1);
    return { page: items.slice((pageNo - 1) * pageSize, pageNo * pageSize), paging: { page_no: pageNo, page_size: pageSize } };
  }
  const count = ctx.query.int("count");
  return { page: count !== undefined && count >= 0 ? items.slice(0, count) : items, paging: null };
}

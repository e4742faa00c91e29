import type { RequestContext } from "./http";

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: "found"; handler: Handler; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

/**
 * Matches paths case-insensitively (Halo runs on ASP.NET, where /api/Agent and /api/agent are the same route).
 * Patterns use `:name` segments; literal segments win over parameters, and a trailing slash is ignored.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern).map((s) => s.toLowerCase()), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add("GET", pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add("POST", pattern, handler);
  }

  patch(pattern: string, handler: Handler): this {
    return this.add("PATCH", pattern, handler);
  }

  delete(pattern: string, handler: Handler): this {
    return this.add("DELETE", pattern, handler);
  }

  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    const candidates = this.routes
      .map((route) => ({ route, params: matchSegments(route.segments, segments) }))
      .filter((candidate): candidate is { route: Route; params: Record<string, string> } => candidate.params !== null)
      .sort((a, b) => literalCount(b.route) - literalCount(a.route));
    if (candidates.length === 0) return { kind: "not-found" };
    const wanted = method.toUpperCase();
    const hit = candidates.find((candidate) => candidate.route.method === wanted);
    if (hit) return { kind: "found", handler: hit.route.handler, params: hit.params };
    return { kind: "method-not-allowed", allowed: [...new Set(candidates.map((c) => c.route.method))] };
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, expected] of pattern.entries()) {
    const raw = actual[index] ?? "";
    if (expected.startsWith(":")) {
      params[expected.slice(1)] = safeDecode(raw);
    } else if (expected !== safeDecode(raw).toLowerCase()) {
      return null;
    }
  }
  return params;
}

function literalCount(route: Route): number {
  return route.segments.filter((segment) => !segment.startsWith(":")).length;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

import "server-only";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/api/responses";
import { loadActor, type Actor } from "./actor";
import { hasPermission, type Permission } from "./roles";

function usesSecureCookies(request: Request): boolean {
  const forwardedProto = request.headers.get("x-forwarded-proto");
  if (forwardedProto) return forwardedProto.split(",")[0]?.trim() === "https";
  return new URL(request.url).protocol === "https:";
}

export async function getApiActor(request: Request): Promise<Actor | null> {
  const token = await getToken({ req: request, secret: env().AUTH_SECRET, secureCookie: usesSecureCookies(request) });
  return loadActor(token?.sub);
}

type Guarded = { actor: Actor; response?: undefined } | { actor?: undefined; response: Response };

/** For route handlers: 401 when signed out, 403 when the role lacks the permission. */
export async function requireApiPermission(request: Request, permission: Permission): Promise<Guarded> {
  const actor = await getApiActor(request);
  if (!actor) return { response: jsonError(401, "unauthenticated", "Sign in to continue.") };
  if (!hasPermission(actor.role, permission)) {
    return { response: jsonError(403, "forbidden", "Your role does not allow this. Ask an admin.") };
  }
  return { actor };
}

import { encode } from "next-auth/jwt";

const SESSION_COOKIE = "authjs.session-token";

/** A session cookie exactly like the one Auth.js sets after sign-in, for calling route handlers as a person. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const token = await encode({ token: { sub: userId }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: 3600 });
  return `${SESSION_COOKIE}=${token}`;
}

export async function requestAs(
  userId: string | null,
  url: string,
  init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const headers: Record<string, string> = { ...init.headers };
  if (userId) headers.cookie = await sessionCookieFor(userId);
  if (init.json !== undefined) headers["content-type"] = "application/json";
  return new Request(new URL(url, "http://localhost:3999"), {
    method: init.method ?? "GET",
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
}

export function routeParams<T extends Record<string, string>>(params: T) {
  return { params: Promise.resolve(params) };
}

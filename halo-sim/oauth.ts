import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { KNOWN_SCOPES } from "./config";
import { HttpError, sendJson, type RequestContext } from "./http";
import type { SimRuntime } from "./runtime";
import type { IssuedToken } from "./state";

/** OAuth error in the standard shape; OpenIddict maps invalid_client to 401 and the rest of these to 400. */
function oauthError(error: string, description: string): HttpError {
  const status = error === "invalid_client" ? 401 : 400;
  return new HttpError(status, { error, error_description: description }, { "Cache-Control": "no-store" });
}

/** POST /auth/token and POST /token[?tenant=NAME] */
export async function handleTokenRequest(ctx: RequestContext, runtime: SimRuntime): Promise<void> {
  const { config } = runtime;
  const tenant = ctx.query.get("tenant");
  if (tenant && tenant.toLowerCase() !== config.tenant.toLowerCase()) {
    throw oauthError("invalid_request", `The tenant '${tenant}' is not known to this server.`);
  }
  const contentType = (ctx.req.headers["content-type"] ?? "").toLowerCase();
  if (!contentType.startsWith("application/x-www-form-urlencoded")) {
    throw oauthError("invalid_request", "The token request must be sent as application/x-www-form-urlencoded.");
  }
  const form = new URLSearchParams(await ctx.readBody());
  const grantType = form.get("grant_type");
  if (!grantType) throw oauthError("invalid_request", "The mandatory 'grant_type' parameter is missing.");
  if (grantType !== "client_credentials") {
    throw oauthError("unsupported_grant_type", `The grant type '${grantType}' is not supported.`);
  }
  const clientId = form.get("client_id");
  if (!clientId) throw oauthError("invalid_request", "The mandatory 'client_id' parameter is missing.");
  const clientSecret = form.get("client_secret") ?? "";
  if (clientId !== config.clientId || !secretsMatch(clientSecret, config.clientSecret)) {
    throw oauthError("invalid_client", "The specified client credentials are invalid.");
  }

  const requested = [...new Set((form.get("scope") ?? "").split(" ").filter((scope) => scope !== ""))];
  const unknown = requested.filter(
    (scope) => !(KNOWN_SCOPES as readonly string[]).includes(scope) || config.unrecognisedScopes.includes(scope),
  );
  if (unknown.length > 0) {
    throw oauthError("invalid_scope", `The specified 'scope' is invalid: ${unknown.join(" ")}`);
  }
  const granted = requested.filter((scope) => config.scopes.some((ticked) => scopeCovers(ticked, scope, config.impliedScopes)));
  const accessToken = issueToken(runtime, granted);
  sendJson(
    ctx.res,
    200,
    {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: Math.ceil(config.tokenLifetimeSeconds),
      scope: granted.join(" "),
      id_token: idTokenFor(runtime, ctx.origin),
    },
    { "Cache-Control": "no-store", Pragma: "no-cache" },
  );
}

/** GET /api/authinfo (no token needed). */
export function handleAuthInfo(ctx: RequestContext, runtime: SimRuntime): void {
  sendJson(ctx.res, 200, { auth_url: runtime.config.authUrl ?? `${ctx.origin}/auth`, tenant_id: runtime.config.tenant });
}

export function issueToken(runtime: SimRuntime, scopes: string[]): string {
  const token = randomBytes(32).toString("base64url");
  runtime.state.tokens.set(token, { scopes, expiresAt: Date.now() + runtime.config.tokenLifetimeSeconds * 1000 });
  return token;
}

export function expireAllTokens(runtime: SimRuntime): number {
  const count = runtime.state.tokens.size;
  runtime.state.tokens.clear();
  return count;
}

/** The bearer token of the request, or an empty 401 when it is missing, unknown or expired. */
export function authenticate(ctx: RequestContext, runtime: SimRuntime): IssuedToken {
  const header = ctx.req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const token = match?.[1] ? runtime.state.tokens.get(match[1]) : undefined;
  if (!token) throw new HttpError(401);
  if (token.expiresAt <= Date.now()) {
    runtime.state.tokens.delete(match?.[1] ?? "");
    throw new HttpError(401);
  }
  return token;
}

/** Does a granted (or ticked) scope give `required`? With implications: all ⊇ everything, admin ⊇ admin:webhooks, edit:x ⊇ read:x. */
export function scopeCovers(granted: string, required: string, impliedScopes: boolean): boolean {
  if (granted === required) return true;
  if (!impliedScopes) return false;
  if (granted === "all") return true;
  if (granted === "admin" && required.startsWith("admin:")) return true;
  return granted.startsWith("edit:") && required === `read:${granted.slice("edit:".length)}`;
}

function secretsMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A signed (HS256, key = client secret) JWT naming the login agent, like the id_token Halo returns. */
function idTokenFor(runtime: SimRuntime, issuer: string): string {
  const { config, state } = runtime;
  const agent = state.agents.get(config.apiAgentId);
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: issuer,
    aud: config.clientId,
    sub: String(config.apiAgentId),
    id: config.apiAgentId,
    name: agent?.name ?? "",
    email: agent?.email ?? "",
    iat: now,
    exp: now + Math.ceil(config.tokenLifetimeSeconds),
  });
  const signature = createHmac("sha256", config.clientSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

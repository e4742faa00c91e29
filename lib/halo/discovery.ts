import "server-only";
import { HaloError } from "./errors";
import { isRecord, parseJsonBody } from "./json-body";
import type { HttpFetcher } from "./token-client";

export interface HaloEndpoints {
  /** `<tenant base>/api` */
  apiBaseUrl: string;
  tokenUrl: string;
  /** Tenant name from /api/authinfo, when Halo gave one. */
  tenantName?: string;
  /** How the token URL was found. */
  foundBy: "authinfo" | "token-probe";
}

export interface DiscoverOptions {
  /** Called once the tenant has answered anything over HTTP (the "reach" step passed). */
  onReached?: () => void;
  timeoutMs?: number;
}

/**
 * Finds a tenant's token endpoint. `GET /api/authinfo` names the auth server; when that is
 * another origin (Halo's shared auth servers) the tenant is picked with `?tenant=`. When the
 * auth server is the tenant itself no parameter is added: the tenant is implied by the host,
 * and this is what most working clients send. Without authinfo, the tenant's own
 * `/auth/token` is probed and recognised by its OAuth error answer.
 */
export async function discoverHaloEndpoints(
  baseUrl: string,
  fetcher: HttpFetcher,
  options: DiscoverOptions = {},
): Promise<HaloEndpoints> {
  const base = baseUrl.replace(/\/+$/, "");
  const host = new URL(base).host;
  const apiBaseUrl = `${base}/api`;
  let reached = false;
  const markReached = () => {
    if (!reached) {
      reached = true;
      options.onReached?.();
    }
  };

  const info = await fetcher.fetch({
    url: `${apiBaseUrl}/authinfo`,
    headers: { accept: "application/json" },
    timeoutMs: options.timeoutMs,
  });
  markReached();
  const fromAuthInfo = info.status === 200 ? readAuthInfo(info.body, base) : null;
  if (fromAuthInfo) return { apiBaseUrl, ...fromAuthInfo, foundBy: "authinfo" };

  const probeUrl = `${base}/auth/token`;
  const probe = await fetcher.fetch({
    url: probeUrl,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    // A client that cannot exist: Halo answers with an OAuth error, anything else does not.
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: "worksights-discovery-probe",
      client_secret: "not-a-secret",
    }).toString(),
    timeoutMs: options.timeoutMs,
  });
  if (looksLikeOAuthError(probe.status, probe.body)) {
    return { apiBaseUrl, tokenUrl: probeUrl, foundBy: "token-probe" };
  }

  throw new HaloError(
    "not_halo",
    `${host} answered, but not like a Halo tenant (/api/authinfo: HTTP ${info.status}, /auth/token: HTTP ${probe.status}).`,
    { host, status: info.status },
  );
}

function readAuthInfo(text: string, base: string): { tokenUrl: string; tenantName?: string } | null {
  const json = parseJsonBody(text);
  if (!json.ok || !isRecord(json.value)) return null;
  const authUrlValue = field(json.value, "auth_url");
  if (typeof authUrlValue !== "string" || authUrlValue.trim() === "") return null;

  let authUrl: URL;
  try {
    authUrl = new URL(authUrlValue.trim(), `${base}/`);
  } catch {
    return null;
  }
  if (authUrl.protocol !== "https:" && authUrl.protocol !== "http:") return null;
  authUrl.search = "";
  authUrl.hash = "";
  const authBase = authUrl.href.replace(/\/+$/, "");

  const tenantValue = field(json.value, "tenant_id");
  const tenantName =
    typeof tenantValue === "string" && tenantValue.trim() !== ""
      ? tenantValue.trim()
      : typeof tenantValue === "number"
        ? String(tenantValue)
        : undefined;

  const tokenUrl = new URL(/\/token$/i.test(authBase) ? authBase : `${authBase}/token`);
  if (authUrl.origin !== new URL(base).origin && tenantName) tokenUrl.searchParams.set("tenant", tenantName);
  return { tokenUrl: tokenUrl.href, tenantName };
}

/** Halo's JSON keys are snake_case today; accept other casings of the same name. */
function field(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const wanted = name.replace(/_/g, "").toLowerCase();
  const key = Object.keys(record).find((k) => k.replace(/_/g, "").toLowerCase() === wanted);
  return key === undefined ? undefined : record[key];
}

function looksLikeOAuthError(status: number, text: string): boolean {
  if (status < 400 || status >= 500) return false;
  const json = parseJsonBody(text);
  return json.ok && isRecord(json.value) && typeof json.value.error === "string" && json.value.error !== "";
}

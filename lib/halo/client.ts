import "server-only";
import type { HostResolver, NetworkPolicy } from "./address-guard";
import { HaloError, redact } from "./errors";
import { GuardedFetcher, type HttpMethod } from "./guarded-fetch";
import { isRecord, parseJsonBody } from "./json-body";
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  rateLimitDelayMs,
  realSleep,
  type RetryPolicy,
  type Sleep,
} from "./retry-policy";
import { type AccessToken, type HttpFetcher, TokenClient } from "./token-client";

export interface HaloClientOptions {
  /** `<tenant>/api`, as returned by discovery. */
  apiBaseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  policy: NetworkPolicy;
  /** Per HTTP exchange (each attempt, redirects included). Default 10 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  now?: () => number;
  sleep?: Sleep;
  resolve?: HostResolver;
  /** Share an existing fetcher; the client then does not close it. */
  fetcher?: HttpFetcher;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/**
 * JSON over Halo's REST API with a bearer token: one retry with a fresh token on 401, back-off
 * on 429 (Retry-After honoured, capped), typed errors for everything else. Responses are
 * returned as `unknown`; callers validate them.
 */
export class HaloClient {
  readonly apiBaseUrl: string;
  private readonly fetcher: HttpFetcher;
  private readonly ownedFetcher: GuardedFetcher | null;
  private readonly tokens: TokenClient;
  private readonly secrets: string[];
  private readonly timeoutMs?: number;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly sleep: Sleep;

  constructor(options: HaloClientOptions) {
    this.apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, "");
    this.ownedFetcher = options.fetcher
      ? null
      : new GuardedFetcher({ policy: options.policy, resolve: options.resolve, timeoutMs: options.timeoutMs });
    this.fetcher = options.fetcher ?? this.ownedFetcher!;
    this.timeoutMs = options.timeoutMs;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.secrets = [options.clientSecret];
    this.tokens = new TokenClient({
      tokenUrl: options.tokenUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scopes: options.scopes,
      fetcher: this.fetcher,
      timeoutMs: options.timeoutMs,
      now: this.now,
      sleep: this.sleep,
      retry: this.retry,
    });
  }

  get(path: string, query?: Query): Promise<unknown> {
    return this.request("GET", path, { query });
  }

  post(path: string, body: unknown, query?: Query): Promise<unknown> {
    return this.request("POST", path, { body, query });
  }

  delete(path: string, query?: Query): Promise<unknown> {
    return this.request("DELETE", path, { query });
  }

  /** The current token (fetched if needed); its `grantedScopes` is what Halo granted. */
  getToken(): Promise<AccessToken> {
    return this.tokens.getToken();
  }

  async close(): Promise<void> {
    await this.ownedFetcher?.close();
  }

  async request(method: HttpMethod, path: string, options: { query?: Query; body?: unknown } = {}): Promise<unknown> {
    const url = this.buildUrl(path, options.query);
    const label = `${method} ${url.pathname}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let refusedToken: string | undefined;

    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.getToken({ replacing: refusedToken });
      const headers: Record<string, string> = {
        accept: "application/json",
        authorization: `Bearer ${token.accessToken}`,
      };
      if (body !== undefined) headers["content-type"] = "application/json";

      const response = await this.fetcher.fetch({ url, method, headers, body, timeoutMs: this.timeoutMs });
      const status = response.status;

      if (status >= 200 && status < 300) {
        const json = parseJsonBody(response.body);
        if (!json.ok) {
          throw new HaloError("bad_response", `Halo answered ${label} with something that is not JSON.`, {
            status,
            host: url.host,
          });
        }
        return json.value;
      }
      if (status === 401) {
        // Expired or revoked: one retry with a new token, then give up.
        if (refusedToken === undefined) {
          refusedToken = token.accessToken;
          continue;
        }
        throw new HaloError("unauthorized", `Halo refused the access token for ${label} (HTTP 401).`, {
          status,
          host: url.host,
        });
      }
      if (status === 429) {
        const retryAfterMs = parseRetryAfter(response.headers["retry-after"], this.now());
        if (attempt < this.retry.maxAttempts) {
          await this.sleep(rateLimitDelayMs(this.retry, attempt, retryAfterMs));
          continue;
        }
        throw new HaloError("rate_limited", `Halo is limiting requests; ${label} gave up after ${attempt} attempts (HTTP 429).`, {
          status,
          retryAfterMs: retryAfterMs ?? undefined,
          host: url.host,
        });
      }
      if (status === 403) {
        throw new HaloError("forbidden", `Halo refused ${label} (HTTP 403).`, { status, host: url.host });
      }
      if (status === 404) {
        throw new HaloError("not_found", `Halo found nothing at ${label} (HTTP 404).`, { status, host: url.host });
      }
      const detail = serverMessage(response.body, this.secrets);
      throw new HaloError("http_error", `Halo answered ${label} with HTTP ${status}.${detail ? ` Halo said: “${detail}”` : ""}`, {
        status,
        host: url.host,
      });
    }
  }

  private buildUrl(path: string, query: Query | undefined): URL {
    const url = new URL(`${this.apiBaseUrl}/${path.replace(/^\/+/, "")}`);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url;
  }
}

// Halo's error bodies come in several shapes (see the notes, §7).
function serverMessage(text: string, secrets: string[]): string | undefined {
  const json = parseJsonBody(text);
  if (!json.ok) return undefined;
  const value = json.value;
  if (typeof value === "string") return redact(value, secrets) || undefined;
  if (!isRecord(value)) return undefined;
  for (const key of ["errorMessage", "Message", "message", "error_description", "error"]) {
    const candidate = value[key];
    if (typeof candidate === "string" && candidate.trim()) return redact(candidate, secrets);
  }
  return undefined;
}

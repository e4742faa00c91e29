import "server-only";
import { z } from "zod";
import { HaloError, redact } from "./errors";
import type { GuardedRequest, GuardedResponse } from "./guarded-fetch";
import { isRecord, parseJsonBody } from "./json-body";
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  rateLimitDelayMs,
  realSleep,
  type RetryPolicy,
  type Sleep,
} from "./retry-policy";

/** The one thing the Halo modules need from an HTTP layer; `GuardedFetcher` provides it. */
export interface HttpFetcher {
  fetch(request: GuardedRequest): Promise<GuardedResponse>;
}

export interface AccessToken {
  accessToken: string;
  /** Epoch ms at which Halo stops accepting the token. */
  expiresAt: number;
  /** Scopes Halo says it granted; null when the token response did not say. */
  grantedScopes: string[] | null;
}

export interface TokenClientOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
  fetcher: HttpFetcher;
  timeoutMs?: number;
  now?: () => number;
  sleep?: Sleep;
  retry?: RetryPolicy;
}

// Used when Halo omits expires_in; its tokens are believed to last an hour.
const DEFAULT_LIFETIME_SECONDS = 3600;
const MAX_REFRESH_MARGIN_MS = 60_000;

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z
    .union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/).transform(Number)])
    .pipe(z.number().positive())
    .optional(),
  scope: z.string().optional(),
});

/**
 * OAuth client_credentials for one Halo API application. Caches the token, renews it a little
 * before it expires (10 % of its lifetime, at most 60 s early) and lets concurrent callers share
 * one token request.
 */
export class TokenClient {
  private readonly options: TokenClientOptions;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly retry: RetryPolicy;
  private cached: { token: AccessToken; refreshAt: number } | null = null;
  private pending: Promise<AccessToken> | null = null;

  constructor(options: TokenClientOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  /**
   * A usable token. Pass `replacing` with a token the API just refused (401): a fresh one is
   * fetched unless another caller already replaced it.
   */
  async getToken(options: { replacing?: string } = {}): Promise<AccessToken> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt && cached.token.accessToken !== options.replacing) {
      return cached.token;
    }
    if (!this.pending) {
      this.pending = this.requestToken().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  /** Forgets the cached token (e.g. after the API application's secret changed). */
  invalidate(): void {
    this.cached = null;
  }

  private async requestToken(): Promise<AccessToken> {
    const { tokenUrl, clientId, clientSecret, scopes } = this.options;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: scopes.join(" "),
    });

    for (let attempt = 1; ; attempt++) {
      const response = await this.options.fetcher.fetch({
        url: tokenUrl,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        timeoutMs: this.options.timeoutMs,
      });
      if (response.status === 429) {
        const retryAfterMs = parseRetryAfter(response.headers["retry-after"], this.now());
        if (attempt < this.retry.maxAttempts) {
          await this.sleep(rateLimitDelayMs(this.retry, attempt, retryAfterMs));
          continue;
        }
        throw new HaloError("rate_limited", "Halo's token endpoint is limiting requests (HTTP 429).", {
          status: 429,
          retryAfterMs: retryAfterMs ?? undefined,
          host: hostOf(tokenUrl),
        });
      }
      return this.readTokenResponse(response);
    }
  }

  private readTokenResponse(response: GuardedResponse): AccessToken {
    const host = hostOf(this.options.tokenUrl);
    const secrets = [this.options.clientSecret];
    const json = parseJsonBody(response.body);
    const body = json.ok && isRecord(json.value) ? json.value : null;

    if (response.status >= 200 && response.status < 300) {
      const parsed = tokenResponseSchema.safeParse(body);
      if (!parsed.success) {
        throw new HaloError("bad_response", "Halo's token endpoint answered without an access token.", {
          status: response.status,
          host,
        });
      }
      const issuedAt = this.now();
      const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_LIFETIME_SECONDS) * 1000;
      const token: AccessToken = {
        accessToken: parsed.data.access_token,
        expiresAt: issuedAt + lifetimeMs,
        grantedScopes: parsed.data.scope === undefined ? null : parsed.data.scope.split(/\s+/).filter(Boolean),
      };
      const margin = Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs * 0.1);
      this.cached = { token, refreshAt: token.expiresAt - margin };
      return token;
    }

    const oauthError = typeof body?.error === "string" ? body.error : undefined;
    const description =
      typeof body?.error_description === "string" ? redact(body.error_description, secrets) : undefined;
    const details = { status: response.status, oauthError, host };
    const said = description ? ` Halo said: “${description}”` : "";

    if (oauthError === "invalid_client" || oauthError === "unauthorized_client" || (response.status === 401 && !oauthError)) {
      throw new HaloError("invalid_client", `Halo rejected the client ID or secret (${oauthError ?? "HTTP 401"}).${said}`, details);
    }
    if (oauthError === "invalid_scope") {
      throw new HaloError("invalid_scope", `Halo rejected the requested scopes (invalid_scope).${said}`, details);
    }
    if (response.status === 404) {
      throw new HaloError("not_found", `Halo's token endpoint was not found at ${host} (HTTP 404).`, details);
    }
    const safeCode = oauthError ? redact(oauthError, secrets) : `HTTP ${response.status}`;
    throw new HaloError("http_error", `Halo's token endpoint refused the request (${safeCode}).${said}`, details);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the token endpoint";
  }
}

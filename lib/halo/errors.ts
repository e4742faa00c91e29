// Pure module (no `server-only`): the wizard UI may switch on these codes.

export type HaloErrorCode =
  // The typed address could not be used at all.
  | "invalid_url"
  | "insecure_url"
  | "address_blocked"
  // Transport failures.
  | "dns_not_found"
  | "connection_refused"
  | "timeout"
  | "tls_error"
  | "network_error"
  | "too_many_redirects"
  // The server answered, but not like Halo.
  | "not_halo"
  // OAuth.
  | "invalid_client"
  | "invalid_scope"
  | "missing_scopes"
  // Resource calls.
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "bad_response"
  | "http_error";

export interface HaloErrorDetails {
  status?: number;
  /** The OAuth `error` value Halo returned (e.g. "invalid_client", "unauthorized_client"). */
  oauthError?: string;
  missingScopes?: string[];
  retryAfterMs?: number;
  /** Host (with port, if any) the failure concerns; never a full URL, never credentials. */
  host?: string;
  /** Low-level code such as ENOTFOUND or CERT_HAS_EXPIRED, for logs and support. */
  lowLevelCode?: string;
  /** The blocked IP address for `address_blocked`. */
  address?: string;
  cause?: unknown;
}

/**
 * The one error type `lib/halo` throws. Messages are built from fixed text plus values we
 * control; text that comes from a server passes through `redact` first, so a client secret
 * or token can never end up in `message`.
 */
export class HaloError extends Error {
  readonly code: HaloErrorCode;
  readonly status?: number;
  readonly oauthError?: string;
  readonly missingScopes?: string[];
  readonly retryAfterMs?: number;
  readonly host?: string;
  readonly lowLevelCode?: string;
  readonly address?: string;

  constructor(code: HaloErrorCode, message: string, details: HaloErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "HaloError";
    this.code = code;
    this.status = details.status;
    this.oauthError = details.oauthError;
    this.missingScopes = details.missingScopes;
    this.retryAfterMs = details.retryAfterMs;
    this.host = details.host;
    this.lowLevelCode = details.lowLevelCode;
    this.address = details.address;
  }

  /** Safe for logs: no cause chain (which could hold a request object). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      oauthError: this.oauthError,
      missingScopes: this.missingScopes,
      retryAfterMs: this.retryAfterMs,
      host: this.host,
      lowLevelCode: this.lowLevelCode,
      address: this.address,
    };
  }
}

export function isHaloError(value: unknown, code?: HaloErrorCode): value is HaloError {
  return value instanceof HaloError && (code === undefined || value.code === code);
}

const MAX_SERVER_TEXT = 200;

/**
 * Prepares server-supplied text for an error message: removes every occurrence of the given
 * secrets, drops control characters and truncates.
 */
export function redact(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short "secrets" would shred ordinary words; real secrets and tokens are long.
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  out = out.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return out.length > MAX_SERVER_TEXT ? `${out.slice(0, MAX_SERVER_TEXT)}…` : out;
}

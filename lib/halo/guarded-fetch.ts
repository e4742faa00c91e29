import "server-only";
import { Agent, buildConnector, request } from "undici";
import {
  type HostResolver,
  type NetworkPolicy,
  resolveAllowedAddresses,
  systemResolver,
} from "./address-guard";
import { HaloError } from "./errors";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface GuardedRequest {
  url: string | URL;
  method?: HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Overrides the fetcher's default for this call. */
  timeoutMs?: number;
}

export interface GuardedResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The URL that finally answered (after redirects). */
  url: string;
  body: string;
}

export interface GuardedFetcherOptions {
  policy: NetworkPolicy;
  resolve?: HostResolver;
  timeoutMs?: number;
  maxRedirects?: number;
  maxBodyBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_REDIRECTS = 3;
const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const UNROUTABLE_CODES = new Set(["ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL", "EAFNOSUPPORT"]);

/**
 * HTTP for addresses an admin typed. The address check runs inside the connector, on the
 * address the socket really connects to, so DNS answers cannot change between check and use;
 * IP literals (which skip DNS) pass the same check. Redirects are followed by hand, each hop
 * re-checked, and credentials are never carried to another origin.
 */
export class GuardedFetcher {
  readonly policy: NetworkPolicy;
  private readonly dispatcher: Agent;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly maxBodyBytes: number;

  constructor(options: GuardedFetcherOptions) {
    this.policy = options.policy;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const resolve = options.resolve ?? systemResolver;
    const policy = options.policy;
    const connect = buildConnector({ timeout: this.timeoutMs });

    this.dispatcher = new Agent({
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect: (connectOptions, callback) => {
        resolveAllowedAddresses(connectOptions.hostname, policy, resolve).then(
          (addresses) => {
            // IPv4 first; an address this machine cannot route to falls through to the next one.
            const ordered = [...addresses].sort((a, b) => a.family - b.family);
            const attempt = (index: number) => {
              // `host` is left as typed, so TLS still verifies the certificate against the name.
              connect({ ...connectOptions, hostname: ordered[index]!.address }, (...result) => {
                const code = (result[0] as { code?: string } | null)?.code;
                if (code && UNROUTABLE_CODES.has(code) && index + 1 < ordered.length) attempt(index + 1);
                else callback(...result);
              });
            };
            attempt(0);
          },
          (error: unknown) => callback(error as Error, null),
        );
      },
    });
  }

  async fetch(req: GuardedRequest): Promise<GuardedResponse> {
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    // One deadline for the whole exchange, redirects and body included.
    const signal = AbortSignal.timeout(timeoutMs);
    let url = this.checkUrl(req.url);
    let method: HttpMethod = req.method ?? "GET";
    let body = req.body;
    let headers = { ...req.headers };

    for (let hop = 0; ; hop++) {
      const response = await this.send(url, method, headers, body, signal, timeoutMs);
      const location = response.headers.location;
      if (!REDIRECT_STATUSES.has(response.status) || !location) return response;

      if (hop >= this.maxRedirects) {
        throw new HaloError("too_many_redirects", `${url.host} redirected more than ${this.maxRedirects} times.`, {
          host: url.host,
          status: response.status,
        });
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new HaloError("bad_response", `${url.host} redirected to an address that is not valid.`, {
          host: url.host,
          status: response.status,
        });
      }
      next = this.checkUrl(next);
      const crossOrigin = next.origin !== url.origin;
      const keepsMethod = response.status === 307 || response.status === 308;
      if (keepsMethod && body !== undefined && crossOrigin) {
        // The body may be a client secret; it goes to the host the admin typed and no other.
        throw new HaloError("bad_response", `${url.host} redirected the request to another site (${next.host}).`, {
          host: url.host,
          status: response.status,
        });
      }
      if (!keepsMethod && (response.status === 303 || method === "POST")) {
        method = "GET";
        body = undefined;
        headers = withoutHeaders(headers, ["content-type", "content-length"]);
      }
      if (crossOrigin) headers = withoutHeaders(headers, ["authorization", "cookie"]);
      url = next;
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private checkUrl(input: string | URL): URL {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new HaloError("invalid_url", "The address is not a valid URL.");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new HaloError("insecure_url", `Only https:// addresses can be used (got ${url.protocol}).`, {
        host: url.host,
      });
    }
    if (url.protocol === "http:" && this.policy.requireHttps) {
      throw new HaloError("insecure_url", `${url.host} must be reached over https://, not http://.`, {
        host: url.host,
      });
    }
    if (url.username || url.password) {
      throw new HaloError("invalid_url", "Addresses with a user name or password in them are not used.", {
        host: url.host,
      });
    }
    return url;
  }

  private async send(
    url: URL,
    method: HttpMethod,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<GuardedResponse> {
    try {
      const response = await request(url, { method, headers, body, signal, dispatcher: this.dispatcher });
      const text = await readLimited(response.body, this.maxBodyBytes, url);
      return { status: response.statusCode, headers: flattenHeaders(response.headers), url: url.href, body: text };
    } catch (error) {
      throw toHaloError(error, url, signal.aborted, timeoutMs);
    }
  }
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number, url: URL): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw new HaloError("bad_response", `${url.host} sent more data than expected.`, { host: url.host });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ESOCKETTIMEDOUT",
]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL"]);
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "HOSTNAME_MISMATCH",
  "EPROTO",
]);

export function isTlsErrorCode(code: string): boolean {
  return (
    TLS_CODES.has(code) ||
    code.startsWith("CERT_") ||
    code.startsWith("UNABLE_TO_") ||
    code.startsWith("ERR_TLS_") ||
    code.startsWith("ERR_SSL_")
  );
}

/** Maps whatever undici or the OS threw to a typed HaloError. */
export function toHaloError(error: unknown, url: URL, timedOut: boolean, timeoutMs: number): HaloError {
  if (error instanceof HaloError) return error;
  const host = url.host;
  const timeoutText = `${url.host} did not answer within ${formatSeconds(timeoutMs)}.`;
  if (timedOut) return new HaloError("timeout", timeoutText, { host, cause: error });

  for (const code of errorCodes(error)) {
    if (TIMEOUT_CODES.has(code)) return new HaloError("timeout", timeoutText, { host, lowLevelCode: code });
    if (DNS_CODES.has(code)) {
      return new HaloError("dns_not_found", `The name ${url.hostname} could not be found (DNS).`, { host, lowLevelCode: code });
    }
    if (code === "ECONNREFUSED") {
      return new HaloError("connection_refused", `${url.host} refused the connection.`, { host, lowLevelCode: code });
    }
    if (isTlsErrorCode(code)) {
      return new HaloError("tls_error", `The secure connection to ${url.host} failed (${code}).`, {
        host,
        lowLevelCode: code,
      });
    }
  }
  const [firstCode] = errorCodes(error);
  return new HaloError("network_error", `The connection to ${url.host} failed${firstCode ? ` (${firstCode})` : ""}.`, {
    host,
    lowLevelCode: firstCode,
    cause: error,
  });
}

/** Error codes along the cause chain (undici wraps socket errors), outermost first. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === "string") codes.push(code);
    if (name === "TimeoutError") codes.push("ETIMEDOUT");
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds === 1 ? "1 second" : `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} seconds`;
}

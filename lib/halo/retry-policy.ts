// Pure helpers for waiting out Halo's rate limit (HTTP 429).

export interface RetryPolicy {
  /** Total attempts for one call, the first included. */
  maxAttempts: number;
  /** Upper bound for one wait, whatever Retry-After says. */
  maxDelayMs: number;
  /** First wait when Halo sends no Retry-After; doubled on each further 429. */
  baseDelayMs: number;
}

// Halo's hosted limit is a rolling window of minutes, so short fixed sleeps do not help;
// the cap keeps an interactive request (the connect wizard) from hanging for long.
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, maxDelayMs: 30_000, baseDelayMs: 2_000 };

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `Retry-After` as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | undefined | null, nowMs: number): number | null {
  if (header == null) return null;
  const value = header.trim();
  if (value === "") return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only HTTP-date shapes (which name a weekday or month); Date.parse alone accepts too much.
  if (!/[a-z]{3}/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** How long to wait before attempt number `attempt + 1` (attempt counts from 1). */
export function rateLimitDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | null): number {
  const fallback = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(policy.maxDelayMs, retryAfterMs ?? fallback);
}

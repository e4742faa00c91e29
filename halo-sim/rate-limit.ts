export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

/**
 * Rolling-window limiter for the whole tenant, like Halo's hosted "N Requests per rolling X minute window".
 * Only admitted requests count towards the window.
 */
export class RollingWindowLimiter {
  private admitted: number[] = [];

  check(limit: { requests: number; windowSeconds: number }, now = Date.now()): RateDecision {
    const windowMs = limit.windowSeconds * 1000;
    const cutoff = now - windowMs;
    let firstLive = 0;
    while (firstLive < this.admitted.length && (this.admitted[firstLive] ?? 0) <= cutoff) firstLive++;
    if (firstLive > 0) this.admitted = this.admitted.slice(firstLive);
    if (this.admitted.length < limit.requests) {
      this.admitted.push(now);
      return { allowed: true };
    }
    const oldest = this.admitted[this.admitted.length - limit.requests] ?? now;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
      message: `Rate Limit Reached - ${limit.requests} Requests per rolling ${formatMinutes(limit.windowSeconds)} minute window`,
    };
  }

  reset(): void {
    this.admitted = [];
  }
}

function formatMinutes(windowSeconds: number): string {
  const minutes = windowSeconds / 60;
  return Number.isInteger(minutes) ? String(minutes) : String(Math.round(minutes * 100) / 100);
}

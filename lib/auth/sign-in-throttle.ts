const WINDOW_MS = 15 * 60_000;
export const MAX_FAILED_SIGN_INS = 5;

type Failures = { count: number; firstAt: number };

/**
 * Slows password guessing: after five wrong passwords for one email within fifteen minutes, that email cannot
 * sign in until the window has passed. In memory, like the rest of this single-instance app.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until this email may try again, or 0 when it may try now. */
  blockedFor(email: string): number {
    const entry = this.current(email);
    if (!entry || entry.count < MAX_FAILED_SIGN_INS) return 0;
    return entry.firstAt + WINDOW_MS - this.now();
  }

  recordFailure(email: string): void {
    const entry = this.current(email);
    if (entry) entry.count += 1;
    else {
      if (this.failures.size > 50_000) this.failures.clear();
      this.failures.set(email, { count: 1, firstAt: this.now() });
    }
  }

  recordSuccess(email: string): void {
    this.failures.delete(email);
  }

  private current(email: string): Failures | undefined {
    const entry = this.failures.get(email);
    if (entry && this.now() - entry.firstAt >= WINDOW_MS) {
      this.failures.delete(email);
      return undefined;
    }
    return entry;
  }
}

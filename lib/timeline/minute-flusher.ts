export const MINUTE_MS = 60_000;

export interface Clock {
  now(): number;
  /** Runs `run` after `ms`; the timer must not keep the process alive. */
  setTimer(run: () => void, ms: number): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(run, ms) {
    setTimeout(run, ms).unref();
  },
};

export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);

/** `07:51` for the minute that starts at 07:51:00 UTC. */
export function minuteLabel(minute: number): string {
  return new Date(minute * MINUTE_MS).toISOString().slice(11, 16);
}

// Just after the minute ends, so a clock a little behind another instance's does not flush too early.
const FLUSH_MARGIN_MS = 1_000;

/**
 * Calls `flush(now)` once a minute with counted work has ended, so a summary is written even when nothing else
 * happens afterwards. One timer at a time: `touch` during a minute arms it for that minute's end.
 */
export class MinuteFlusher {
  private pending = false;
  private latestMinute = -1;

  constructor(
    private readonly flush: (now: number) => Promise<void> | void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Something was counted in the current minute. */
  touch(): void {
    const minute = minuteOf(this.clock.now());
    this.latestMinute = Math.max(this.latestMinute, minute);
    if (!this.pending) this.arm(minute);
  }

  private arm(minute: number): void {
    this.pending = true;
    const delay = Math.max(0, (minute + 1) * MINUTE_MS + FLUSH_MARGIN_MS - this.clock.now());
    this.clock.setTimer(() => void this.fire(minute), delay);
  }

  private async fire(minute: number): Promise<void> {
    try {
      await this.flush(this.clock.now());
    } catch (error) {
      console.error("[webhook] could not write a refusal summary:", error instanceof Error ? error.name : "error");
    } finally {
      this.pending = false;
      if (this.latestMinute > minute) this.arm(this.latestMinute);
    }
  }
}

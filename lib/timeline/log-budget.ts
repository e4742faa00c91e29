import { MinuteFlusher, minuteOf, systemClock, type Clock } from "./minute-flusher";

/**
 * At most `max` lines per minute reach the log; the rest are counted and one summary line is written when the
 * minute ends (or when the next line arrives, whichever comes first). Per process, like the log it protects.
 */
export class LogLineBudget {
  private minute = -1;
  private written = 0;
  private dropped = 0;
  private readonly flusher: MinuteFlusher;

  constructor(
    private readonly max: number,
    private readonly write: (line: string) => void,
    private readonly summary: (dropped: number, minute: number) => string,
    private readonly clock: Clock = systemClock,
  ) {
    this.flusher = new MinuteFlusher((now) => this.flush(now), clock);
  }

  log(line: string): void {
    const now = this.clock.now();
    this.flush(now);
    const minute = minuteOf(now);
    if (minute !== this.minute) {
      this.minute = minute;
      this.written = 0;
    }
    if (this.written < this.max) {
      this.written += 1;
      this.write(line);
      return;
    }
    this.dropped += 1;
    this.flusher.touch();
  }

  /** Writes the summary of a minute that has ended. */
  flush(now: number): void {
    if (this.dropped === 0 || minuteOf(now) <= this.minute) return;
    this.write(this.summary(this.dropped, this.minute));
    this.dropped = 0;
  }
}

const WINDOW_MS = 60_000;
export const MAX_RECORDED_REJECTIONS_PER_MINUTE = 100;

type Window = { startedAt: number; recorded: number; dropped: number };

export type RejectionDecision = {
  /** Store this rejection with its own reason. */
  record: boolean;
  /** A line to store first, saying how many rejections of the previous minute were only counted. */
  summary: string | null;
};

/**
 * Refused deliveries are logged one by one so an admin can see why, but someone hammering a connection's URL
 * must not be able to fill the database: past a per-minute budget they are only counted, and the count is
 * logged once when the next minute starts.
 */
export class RejectionBudget {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly maxPerWindow = MAX_RECORDED_REJECTIONS_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  take(connectionId: string): RejectionDecision {
    const now = this.now();
    let window = this.windows.get(connectionId);
    let summary: string | null = null;
    if (!window || now - window.startedAt >= WINDOW_MS) {
      if (window && window.dropped > 0) {
        summary = `${window.dropped} more refused deliveries within one minute were counted but not logged one by one`;
      }
      if (this.windows.size > 10_000) this.windows.clear();
      window = { startedAt: now, recorded: 0, dropped: 0 };
      this.windows.set(connectionId, window);
    }
    if (window.recorded < this.maxPerWindow) {
      window.recorded += 1;
      return { record: true, summary };
    }
    window.dropped += 1;
    return { record: false, summary };
  }
}

import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { recoverConnection, type RecoveryResult } from "./recover-connection";
import type { RecoveryTrigger } from "./types";

/** After the receiver notices a gap, wait for the rest of a burst to arrive first. */
const GAP_DELAY_MS = 10_000;
/** ±20 %: instances and connections started together drift apart instead of calling Halo in step. */
export function jittered(ms: number, random = Math.random): number {
  return Math.round(ms * (0.8 + 0.4 * random()));
}

/**
 * When recovery runs by itself: once at server start, on a jittered timer per connection, after Refresh Connection
 * and soon after the receiver notices a gap. Idle until `start()` (the server's instrumentation hook calls it), so
 * tests and scripts that import the receiver schedule nothing. Within the process a connection's runs coalesce;
 * across instances the lease row decides.
 */
class RecoveryScheduler {
  private started = false;
  private intervalMs = 0;
  private gapDelayMs = GAP_DELAY_MS;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly soon = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<RecoveryResult>>();
  private readonly seenLive = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;

  /** `startMs`: after a start, give the server a moment to settle before reading Halo's log. `gapMs` is for tests. */
  start(intervalMs: number, delays: { startMs: number; gapMs?: number }): void {
    if (this.started) return;
    this.started = true;
    this.intervalMs = intervalMs;
    this.gapDelayMs = delays.gapMs ?? GAP_DELAY_MS;
    this.later(() => void this.sweep("start"), jittered(delays.startMs));
    if (intervalMs > 0) {
      this.sweepTimer = setInterval(() => void this.sweep(null), intervalMs);
      this.sweepTimer.unref();
    }
  }

  stop(): void {
    this.started = false;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const timer of [...this.timers.values(), ...this.soon.values()]) clearTimeout(timer);
    this.timers.clear();
    this.soon.clear();
    this.seenLive.clear();
  }

  /** Resolves once the runs going in this process have ended. */
  async whenIdle(): Promise<void> {
    await Promise.all(this.running.values());
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Runs now, or joins the run already going in this process. */
  run(connectionId: string, trigger: RecoveryTrigger, actor?: { id: string; name: string }): Promise<RecoveryResult> {
    const current = this.running.get(connectionId);
    if (current) return current;
    const run = recoverConnection(connectionId, trigger, { actor })
      .catch((error: unknown): RecoveryResult => {
        // The database itself failed (the run could not even be recorded); the next check tries again.
        console.warn(`[recovery] connection ${connectionId} could not run:`, error instanceof Error ? error.name : "error");
        return { outcome: "busy" };
      })
      .then((result) => {
        this.running.delete(connectionId);
        if (result.outcome !== "not_connected") this.scheduleNext(connectionId);
        return result;
      });
    this.running.set(connectionId, run);
    return run;
  }

  /** Refresh Connection and similar: run in the background once started. */
  trigger(connectionId: string, trigger: RecoveryTrigger): void {
    if (this.started) void this.run(connectionId, trigger);
  }

  /**
   * The receiver saw a delivery: the first one since this process started, or one Halo sent late, may follow
   * deliveries that never arrived. Schedules one recovery shortly (debounced per connection).
   */
  noticeDelivery(connectionId: string, occurredAt: Date, receivedAt = new Date()): void {
    if (!this.started) return;
    const first = !this.seenLive.has(connectionId);
    this.seenLive.add(connectionId);
    const late = receivedAt.getTime() - occurredAt.getTime() > 60_000;
    if (!first && !late) return;
    if (this.soon.has(connectionId) || this.running.has(connectionId)) return;
    const timer = setTimeout(() => {
      this.soon.delete(connectionId);
      void this.run(connectionId, "gap");
    }, jittered(this.gapDelayMs));
    timer.unref();
    this.soon.set(connectionId, timer);
  }

  private async sweep(trigger: RecoveryTrigger | null): Promise<void> {
    try {
      const connections = await db.haloConnection.findMany({
        where: { status: { in: ["active", "error"] }, webhookId: { not: null } },
        select: { id: true },
      });
      for (const { id } of connections) {
        if (trigger) void this.run(id, trigger);
        else if (!this.timers.has(id) && !this.running.has(id)) this.scheduleNext(id);
      }
    } catch (error) {
      console.warn("[recovery] could not list connections:", error instanceof Error ? error.name : "error");
    }
  }

  private scheduleNext(connectionId: string): void {
    if (!this.started || this.intervalMs <= 0) return;
    clearTimeout(this.timers.get(connectionId));
    const timer = setTimeout(() => {
      this.timers.delete(connectionId);
      void this.run(connectionId, "timer");
    }, jittered(this.intervalMs));
    timer.unref();
    this.timers.set(connectionId, timer);
  }

  private later(task: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete("*start");
      task();
    }, ms);
    timer.unref();
    this.timers.set("*start", timer);
  }
}

const globalForRecovery = globalThis as unknown as { worksightsRecoveryScheduler?: RecoveryScheduler };

export function recoveryScheduler(): RecoveryScheduler {
  globalForRecovery.worksightsRecoveryScheduler ??= new RecoveryScheduler();
  return globalForRecovery.worksightsRecoveryScheduler;
}

/** Called once per server process by the instrumentation hook. */
export function startRecoveryScheduler(): void {
  const { RECOVERY_INTERVAL_SECONDS, RECOVERY_START_DELAY_SECONDS } = env();
  recoveryScheduler().start(RECOVERY_INTERVAL_SECONDS * 1000, { startMs: RECOVERY_START_DELAY_SECONDS * 1000 });
}

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ALL_HALO_EVENTS, type HaloEventName } from "./events";
import { HttpError, badRequest, parseOrBadRequest } from "./http";
import type { SimRuntime } from "./runtime";
import type { TicketEventResult, TicketService } from "./tickets";

export const MAX_EVENTS_PER_SECOND = 200;
export const MAX_DURATION_SECONDS = 600;
const MAX_CONCURRENT_RUNS = 4;
const TICK_MS = 50;

export const trafficInputSchema = z
  .object({
    eventsPerSecond: z.number().positive().max(MAX_EVENTS_PER_SECOND),
    durationSeconds: z.number().positive().max(MAX_DURATION_SECONDS),
    /** Agents tickets are assigned to; default: every enabled, non-API agent except Unassigned. */
    agentIds: z.array(z.number().int().positive()).min(1).optional(),
    /** Events other than "new ticket logged" hit one of the run's most recent N tickets. */
    ticketPoolSize: z.number().int().positive().max(1000).default(20),
    /** Makes the event mix reproducible. */
    seed: z.number().int().optional(),
  })
  .strict();
export type TrafficInput = z.input<typeof trafficInputSchema>;

export interface TrafficProgress {
  id: string;
  state: "running" | "finished" | "stopped";
  eventsPerSecond: number;
  durationSeconds: number;
  startedAt: string;
  endedAt: string | null;
  /** Events the run will fire if it is not stopped. */
  plannedEvents: number;
  eventsFired: number;
  eventCounts: Record<HaloEventName, number>;
  deliveriesQueued: number;
  /** Deliveries that reached the receiver with a 2xx answer. */
  sent: number;
  /** Deliveries whose final attempt failed. */
  failed: number;
  errors: number;
}

interface Run {
  progress: TrafficProgress;
  timer: NodeJS.Timeout;
  startedMs: number;
  agentIds: number[];
  pool: number[];
  poolSize: number;
  random: () => number;
}

const REPLY_NOTES = ["Any update on this?", "Still happening this morning.", "Thanks, that fixed it.", "I have attached a screenshot."];

/** Fires a random mix of the four ticket events at a fixed rate for a bounded time, then stops by itself. */
export class TrafficGenerator {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly runtime: SimRuntime,
    private readonly tickets: TicketService,
  ) {}

  start(rawInput: unknown): TrafficProgress {
    const input = parseOrBadRequest(trafficInputSchema, rawInput);
    const active = [...this.runs.values()].filter((run) => run.progress.state === "running").length;
    if (active >= MAX_CONCURRENT_RUNS) {
      throw new HttpError(409, { error: "conflict", message: `At most ${MAX_CONCURRENT_RUNS} traffic runs at a time` });
    }
    const agentIds = this.agentPool(input.agentIds);
    const id = randomUUID();
    const run: Run = {
      progress: {
        id,
        state: "running",
        eventsPerSecond: input.eventsPerSecond,
        durationSeconds: input.durationSeconds,
        startedAt: new Date().toISOString(),
        endedAt: null,
        plannedEvents: Math.max(1, Math.round(input.eventsPerSecond * input.durationSeconds)),
        eventsFired: 0,
        eventCounts: Object.fromEntries(ALL_HALO_EVENTS.map((event) => [event, 0])) as Record<HaloEventName, number>,
        deliveriesQueued: 0,
        sent: 0,
        failed: 0,
        errors: 0,
      },
      timer: setInterval(() => this.tick(run), Math.min(TICK_MS, 1000 / input.eventsPerSecond)),
      startedMs: Date.now(),
      agentIds,
      pool: [],
      poolSize: input.ticketPoolSize,
      random: input.seed === undefined ? Math.random : seededRandom(input.seed),
    };
    this.runs.set(id, run);
    return this.snapshot(run);
  }

  progress(id: string): TrafficProgress | undefined {
    const run = this.runs.get(id);
    return run ? this.snapshot(run) : undefined;
  }

  list(): TrafficProgress[] {
    return [...this.runs.values()].map((run) => this.snapshot(run));
  }

  stop(id: string): TrafficProgress | undefined {
    const run = this.runs.get(id);
    if (!run) return undefined;
    this.end(run, "stopped");
    return this.snapshot(run);
  }

  stopAll(): void {
    for (const run of this.runs.values()) this.end(run, "stopped");
  }

  /** Forget every run (reset). */
  clear(): void {
    this.stopAll();
    this.runs.clear();
  }

  private tick(run: Run): void {
    const elapsedSeconds = (Date.now() - run.startedMs) / 1000;
    const due = Math.min(run.progress.plannedEvents, Math.floor(elapsedSeconds * run.progress.eventsPerSecond) + 1);
    while (run.progress.state === "running" && run.progress.eventsFired < due) this.fireOne(run);
    if (run.progress.eventsFired >= run.progress.plannedEvents) this.end(run, "finished");
  }

  private fireOne(run: Run): void {
    const { progress } = run;
    progress.eventsFired++;
    try {
      const result = this.randomEvent(run);
      progress.eventCounts[result.event]++;
      progress.deliveriesQueued += result.queued;
      void result.deliveries.then((entries) => {
        for (const entry of entries) {
          if (entry.error) progress.failed++;
          else progress.sent++;
        }
      });
    } catch (error) {
      progress.errors++;
      this.runtime.log(`traffic ${progress.id}: ${(error as Error).message}`);
    }
  }

  private randomEvent(run: Run): TicketEventResult {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(run.random() * items.length)] as T;
    const live = run.pool.filter((ticketId) => this.runtime.state.tickets.has(ticketId));
    const kind = live.length === 0 ? "new ticket logged" : pick(ALL_HALO_EVENTS);
    if (kind === "new ticket logged") {
      const result = this.tickets.create({ summary: `Generated ticket ${run.progress.eventsFired}`, agent_id: pick(run.agentIds) });
      run.pool = [...live, result.ticket.id].slice(-run.poolSize);
      return result;
    }
    const ticket = this.runtime.state.tickets.get(pick(live));
    if (!ticket) throw new Error("ticket vanished");
    if (kind === "ticket status changed") {
      const others = [...this.runtime.state.statuses.keys()].filter((id) => id !== ticket.status_id);
      return this.tickets.changeStatus(ticket.id, others.length > 0 ? pick(others) : ticket.status_id);
    }
    if (kind === "ticket reassigned") {
      const others = run.agentIds.filter((id) => id !== ticket.agent_id);
      return this.tickets.reassign(ticket.id, others.length > 0 ? pick(others) : ticket.agent_id);
    }
    return this.tickets.endUserReply(ticket.id, { note: pick(REPLY_NOTES) });
  }

  private agentPool(requested: number[] | undefined): number[] {
    const agents = this.runtime.state.agents;
    if (requested) {
      const unusable = requested.filter((id) => !agents.get(id) || agents.get(id)?.isdisabled);
      if (unusable.length > 0) throw badRequest(`agentIds not usable (unknown or disabled): ${unusable.join(", ")}`);
      return requested;
    }
    const pool = [...agents.values()].filter((agent) => agent.id !== 1 && !agent.isdisabled && !agent.isapiagent).map((agent) => agent.id);
    if (pool.length === 0) throw badRequest("No enabled agents to assign generated tickets to; pass agentIds");
    return pool;
  }

  private end(run: Run, state: "finished" | "stopped"): void {
    clearInterval(run.timer);
    if (run.progress.state !== "running") return;
    run.progress.state = state;
    run.progress.endedAt = new Date().toISOString();
  }

  private snapshot(run: Run): TrafficProgress {
    return { ...run.progress, eventCounts: { ...run.progress.eventCounts } };
  }
}

/** mulberry32: small, fast, good enough for a reproducible event mix. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

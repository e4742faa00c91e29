import { randomUUID } from "node:crypto";
import { z } from "zod";

export const faultInputSchema = z
  .object({
    /** Matched case-insensitively against the start of the request path, e.g. "/api/Agent" or "/auth/token". */
    pathPrefix: z.string().startsWith("/", "pathPrefix must start with /"),
    kind: z.enum(["slow", "error500", "drop"]),
    /** For "slow": how long to hold the request before answering normally. */
    delayMs: z.number().int().min(0).max(120_000).optional(),
    /** How many requests the fault affects; unlimited when omitted. */
    count: z.number().int().positive().optional(),
  })
  .strict();
export type FaultInput = z.infer<typeof faultInputSchema>;

export interface Fault {
  id: string;
  pathPrefix: string;
  kind: FaultInput["kind"];
  delayMs: number;
  /** Requests still to affect; null = unlimited. */
  remaining: number | null;
  hits: number;
}

const DEFAULT_SLOW_DELAY_MS = 3_000;

/** Faults injected into the simulator's own answers. The control API (/_sim/) is never affected. */
export class FaultList {
  private faults: Fault[] = [];

  add(input: FaultInput): Fault {
    const fault: Fault = {
      id: randomUUID(),
      pathPrefix: input.pathPrefix,
      kind: input.kind,
      delayMs: input.delayMs ?? DEFAULT_SLOW_DELAY_MS,
      remaining: input.count ?? null,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    return count;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  /** The first matching fault, consuming one of its uses; spent faults are removed. */
  take(path: string): Fault | undefined {
    const lower = path.toLowerCase();
    const fault = this.faults.find((candidate) => lower.startsWith(candidate.pathPrefix.toLowerCase()));
    if (!fault) return undefined;
    fault.hits++;
    if (fault.remaining !== null) {
      fault.remaining--;
      if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return { ...fault };
  }
}

import "server-only";
import type { RecoveryRun } from "@prisma/client";
import { db } from "@/lib/db/client";
import type { RecoveryHealth, RecoveryRunSummary, RecoveryTrigger } from "./types";

export function toRunSummary(run: RecoveryRun): RecoveryRunSummary {
  return {
    id: run.id,
    trigger: run.trigger as RecoveryTrigger,
    status: run.status as RecoveryRunSummary["status"],
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    entriesRead: run.entriesRead,
    recovered: run.recovered,
    recoveredFromActions: run.recoveredFromActions,
    timelineRows: run.timelineRows,
    alreadyPresent: run.alreadyPresent,
    unrecoverable: run.unrecoverable,
    unrecoverableSpan:
      run.unrecoverable > 0 && run.unrecoverableFrom && run.unrecoverableTo
        ? { from: run.unrecoverableFrom.toISOString(), to: run.unrecoverableTo.toISOString(), reason: run.unrecoverableReason ?? "" }
        : null,
    haloCalls: run.haloCalls,
    error: run.error,
  };
}

/** The last finished recovery, and whether one holds the connection's lease right now. */
export async function recoveryHealth(connectionId: string, now = new Date()): Promise<RecoveryHealth> {
  const [last, state] = await Promise.all([
    db.recoveryRun.findFirst({ where: { connectionId, status: { not: "running" } }, orderBy: { startedAt: "desc" } }),
    db.recoveryState.findUnique({ where: { connectionId }, select: { leaseHolder: true, leaseExpiresAt: true } }),
  ]);
  const running = Boolean(state?.leaseHolder && state.leaseExpiresAt && state.leaseExpiresAt > now);
  return { running, last: last ? toRunSummary(last) : null };
}

import "server-only";
import type { RecoveryRun } from "@prisma/client";
import { db } from "@/lib/db/client";

/** One audit entry for a recovery that found something; a timer-run recovery is recorded as WorkSights itself. */
export async function recordRecoveryAudit(organizationId: string, run: RecoveryRun, actor?: { id: string; name: string }) {
  const parts = [`recovered ${run.recovered} missed Halo deliver${run.recovered === 1 ? "y" : "ies"}`];
  if (run.recoveredFromActions > 0) parts.push(`${run.recoveredFromActions} of them from ticket actions`);
  parts.push(`${run.timelineRows} timeline row${run.timelineRows === 1 ? "" : "s"} added`);
  if (run.unrecoverable > 0) parts.push(`${run.unrecoverable} could not be recovered`);
  const summary = `Checked Halo's delivery log (${run.entriesRead} entries read): ${parts.join(", ")}`;
  await db.auditEntry.create({
    data: { organizationId, actorUserId: actor?.id ?? null, actorName: actor?.name ?? "WorkSights", action: "halo.recovered", summary },
  });
}

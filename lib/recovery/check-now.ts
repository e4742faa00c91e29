import "server-only";
import { ServiceError } from "@/lib/api/service-error";
import type { Actor } from "@/lib/auth/actor";
import { requireOrganizationConnection } from "@/lib/connections/connections-service";
import { recoveryScheduler } from "./scheduler";
import type { RecoveryRunSummary } from "./types";

/** How long the button's request waits for the check; a longer one keeps running and the panel shows it when done. */
const ANSWER_WITHIN_MS = 15_000;

export type CheckNowAnswer = { state: "finished"; run: RecoveryRunSummary } | { state: "running" };

/** "Check for missed events now": an admin's recovery run, answered when it ends or after a few seconds. */
export async function checkForMissedEventsNow(actor: Actor, connectionId: string): Promise<CheckNowAnswer> {
  const connection = await requireOrganizationConnection(actor.organizationId, connectionId);
  const run = recoveryScheduler().run(connection.id, "manual", { id: actor.id, name: actor.name });
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([run, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ANSWER_WITHIN_MS)))]);
  clearTimeout(timer);
  if (waited === null) return { state: "running" };
  switch (waited.outcome) {
    case "completed":
    case "failed":
      return { state: "finished", run: waited.run };
    case "busy":
      throw new ServiceError(409, "busy", "A check for missed events is already running. Its result appears here when it ends.");
    case "not_connected":
      throw new ServiceError(409, "not_connected", "HaloPSA is not connected, or its webhook is missing. Refresh the connection first.");
  }
}

import "server-only";
import { db } from "@/lib/db/client";
import { minuteLabel, minuteOf } from "./minute-flusher";

export const MAX_RECORDED_REJECTIONS_PER_MINUTE = 100;

export function refusalSummary(count: number, minute: number): string {
  return `${count} more refused ${count === 1 ? "delivery" : "deliveries"} between ${minuteLabel(minute)} and ${minuteLabel(minute + 1)} UTC were counted but not logged one by one`;
}

/**
 * Counts one refused delivery for the connection in the current minute, in the database so every app instance
 * shares the budget. True while the minute's count is within the budget: then the refusal is logged one by one.
 */
export async function countRefusal(connectionId: string, now: number): Promise<boolean> {
  const minute = minuteOf(now);
  const [row] = await db.$queryRaw<Array<{ refused: number | bigint }>>`
    INSERT INTO "RejectionWindow" ("connectionId", "minute", "refused") VALUES (${connectionId}, ${minute}, 1)
    ON CONFLICT ("connectionId", "minute") DO UPDATE SET "refused" = "RejectionWindow"."refused" + 1
    RETURNING "refused"`;
  return Number(row?.refused ?? 0) <= MAX_RECORDED_REJECTIONS_PER_MINUTE;
}

/**
 * Closes every minute that has ended: its count is removed and, when it went past the budget, one line saying how
 * many more were refused joins the delivery log. Deleting with RETURNING hands each minute to exactly one caller,
 * so instances flushing at once write each summary once.
 */
export async function flushEndedRejectionWindows(now: number): Promise<number> {
  const current = minuteOf(now);
  return db.$transaction(async (tx) => {
    const ended = await tx.$queryRaw<Array<{ connectionId: string; minute: number | bigint; refused: number | bigint }>>`
      DELETE FROM "RejectionWindow" WHERE "minute" < ${current} RETURNING "connectionId", "minute", "refused"`;
    const summaries = ended
      .filter((window) => Number(window.refused) > MAX_RECORDED_REJECTIONS_PER_MINUTE)
      .map((window) => ({
        connectionId: window.connectionId,
        outcome: "rejected",
        reason: refusalSummary(Number(window.refused) - MAX_RECORDED_REJECTIONS_PER_MINUTE, Number(window.minute)),
        receivedAt: new Date(now),
      }));
    if (summaries.length > 0) await tx.webhookDelivery.createMany({ data: summaries });
    return summaries.length;
  });
}

// Shared by the server and the browser: what the health panel shows about recovery.

export const RECOVERY_TRIGGERS = ["start", "timer", "refresh", "gap", "manual"] as const;
export type RecoveryTrigger = (typeof RECOVERY_TRIGGERS)[number];

export interface RecoveryRunSummary {
  id: string;
  trigger: RecoveryTrigger;
  status: "running" | "completed" | "failed";
  startedAt: string;
  finishedAt: string | null;
  /** Delivery-log entries (attempts) read back to the last reconciled point. */
  entriesRead: number;
  /** Deliveries stored by this recovery (from logged bodies or from ticket actions). */
  recovered: number;
  recoveredFromActions: number;
  timelineRows: number;
  alreadyPresent: number;
  unrecoverable: number;
  /** Set when some entries could not be recovered: their log-time span and why. */
  unrecoverableSpan: { from: string; to: string; reason: string } | null;
  haloCalls: number;
  error: string | null;
}

export interface RecoveryHealth {
  running: boolean;
  last: RecoveryRunSummary | null;
}

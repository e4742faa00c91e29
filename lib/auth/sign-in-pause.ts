/** Wrong passwords a client may make for one email before each further one earns a pause. */
export const FREE_FAILED_SIGN_INS = 4;
const FIRST_PAUSE_MS = 30_000;
export const LONGEST_PAUSE_MS = 15 * 60_000;
/** Failures older than this are forgotten. */
export const FAILURE_MEMORY_MS = 24 * 60 * 60_000;

/** The pause after the `failures`-th wrong password in a row: none at first, then 30 s doubling up to 15 minutes. */
export function pauseAfterFailures(failures: number): number {
  if (failures <= FREE_FAILED_SIGN_INS) return 0;
  return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (failures - FREE_FAILED_SIGN_INS - 1));
}

/** "30 seconds", "2 minutes", for the sign-in page and the audit trail. */
export function describePause(ms: number): string {
  if (ms < 60_000) {
    const seconds = Math.max(1, Math.ceil(ms / 1_000));
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  }
  const minutes = Math.ceil(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

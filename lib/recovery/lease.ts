import "server-only";
import { db } from "@/lib/db/client";

/**
 * A holder that stops renewing (crash, lost network) frees the connection after this long. Longer than the longest
 * single wait for Halo's rate limit (two minutes), so a live holder never loses it while waiting.
 */
export const RECOVERY_LEASE_MS = 180_000;

/**
 * Takes the connection's recovery lease if nobody holds a live one: a conditional update on the connection's row,
 * so exactly one instance (or caller) wins whatever the number of app instances.
 */
export async function acquireRecoveryLease(connectionId: string, holder: string, now = new Date()): Promise<boolean> {
  try {
    await db.recoveryState.upsert({ where: { connectionId }, create: { connectionId }, update: {} });
  } catch {
    // Another instance created the row at the same moment; the conditional update below decides.
  }
  const { count } = await db.recoveryState.updateMany({
    where: { connectionId, OR: [{ leaseHolder: null }, { leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
    data: { leaseHolder: holder, leaseExpiresAt: new Date(now.getTime() + RECOVERY_LEASE_MS) },
  });
  return count === 1;
}

/** Extends the lease; false when it was lost (expired and taken by someone else). */
export async function renewRecoveryLease(connectionId: string, holder: string, now = new Date()): Promise<boolean> {
  const { count } = await db.recoveryState.updateMany({
    where: { connectionId, leaseHolder: holder },
    data: { leaseExpiresAt: new Date(now.getTime() + RECOVERY_LEASE_MS) },
  });
  return count === 1;
}

export async function releaseRecoveryLease(connectionId: string, holder: string): Promise<void> {
  await db.recoveryState.updateMany({ where: { connectionId, leaseHolder: holder }, data: { leaseHolder: null, leaseExpiresAt: null } });
}

import "server-only";
import { usesPostgres } from "@/lib/db/client";
import { postgresPool } from "@/lib/db/postgres-pool";

export type ReleaseConnectionLock = () => Promise<void>;

// One connect, disconnect or refresh at a time per workspace, so two clicks cannot register two webhooks.
// SQLite means one app instance, so a set in memory is enough there; on PostgreSQL every instance takes the same
// advisory lock, held by one pooled connection until released (or until that connection dies).
const busyOrganizations = new Set<string>();

function inProcessLock(organizationId: string): ReleaseConnectionLock | null {
  if (busyOrganizations.has(organizationId)) return null;
  busyOrganizations.add(organizationId);
  return async () => {
    busyOrganizations.delete(organizationId);
  };
}

async function advisoryLock(organizationId: string): Promise<ReleaseConnectionLock | null> {
  const client = await postgresPool().connect();
  const key = `worksights:connection:${organizationId}`;
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [key]);
    if (!rows[0]?.locked) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release(true);
    throw error;
  }
  return async () => {
    try {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
      client.release();
    } catch {
      // Dropping the session releases its advisory locks.
      client.release(true);
    }
  };
}

/** Returns a release function, or null when another connect, disconnect or refresh is already running. */
export async function tryLockConnection(organizationId: string): Promise<ReleaseConnectionLock | null> {
  const lock = usesPostgres() ? await advisoryLock(organizationId) : inProcessLock(organizationId);
  if (!lock) return null;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await lock();
  };
}

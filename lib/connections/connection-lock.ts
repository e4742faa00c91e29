import "server-only";
import { usesPostgres } from "@/lib/db/client";
import { postgresPool } from "@/lib/db/postgres-pool";

export type ReleaseConnectionLock = () => Promise<void>;

// One connect, disconnect or refresh at a time per connection, so two clicks cannot register two webhooks; and one
// connect at a time per organization and tenant, so two admins adding the same tenant at once make one connection.
// SQLite means one app instance, so a set in memory is enough there; on PostgreSQL every instance takes the same
// advisory lock, held by one pooled connection until released (or until that connection dies).
const busyKeys = new Set<string>();

/** The lock of one existing connection (connect again, disconnect, refresh). */
export const connectionLockKey = (connectionId: string) => `worksights:connection:${connectionId}`;
/** The lock of one tenant in one organization (adding it, or connecting a connection to it). */
export const tenantLockKey = (organizationId: string, tenantUrl: string) => `worksights:tenant:${organizationId}:${tenantUrl}`;

function inProcessLock(key: string): ReleaseConnectionLock | null {
  if (busyKeys.has(key)) return null;
  busyKeys.add(key);
  return async () => {
    busyKeys.delete(key);
  };
}

async function advisoryLock(key: string): Promise<ReleaseConnectionLock | null> {
  const client = await postgresPool().connect();
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

async function lockOne(key: string): Promise<ReleaseConnectionLock | null> {
  return usesPostgres() ? advisoryLock(key) : inProcessLock(key);
}

/**
 * Takes every lock named (in a fixed order, so two callers cannot wait on each other) or none. Returns a release
 * function, or null when another connect, disconnect or refresh holds one of them.
 */
export async function tryLock(...keys: string[]): Promise<ReleaseConnectionLock | null> {
  const held: ReleaseConnectionLock[] = [];
  const releaseAll = async () => {
    for (const release of held.reverse()) await release();
  };
  try {
    for (const key of [...new Set(keys)].sort()) {
      const release = await lockOne(key);
      if (!release) {
        await releaseAll();
        return null;
      }
      held.push(release);
    }
  } catch (error) {
    await releaseAll();
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await releaseAll();
  };
}

import "server-only";

// One connect or disconnect at a time per workspace, so two clicks cannot register two webhooks.
// In-process only: enough for the single app instance SQLite allows.
const busyOrganizations = new Set<string>();

/** Returns a release function, or null when another connect or disconnect is already running. */
export function tryLockConnection(organizationId: string): (() => void) | null {
  if (busyOrganizations.has(organizationId)) return null;
  busyOrganizations.add(organizationId);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    busyOrganizations.delete(organizationId);
  };
}

import "server-only";

type Listener = () => void;

/**
 * Tells open live streams of an organization that reporting lines, roles or people changed, so each re-resolves
 * its viewer's scope at once. In-process like the timeline bus; streams also re-check on their heartbeat, which
 * bounds the delay when the change happened on another app instance.
 */
class VisibilityChanges {
  private readonly listeners = new Map<string, Set<Listener>>();

  notify(organizationId: string): void {
    for (const listener of this.listeners.get(organizationId) ?? []) {
      try {
        listener();
      } catch (error) {
        console.error("[visibility] a listener failed:", error instanceof Error ? error.message : error);
      }
    }
  }

  subscribe(organizationId: string, listener: Listener): () => void {
    let set = this.listeners.get(organizationId);
    if (!set) this.listeners.set(organizationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(organizationId) === set) this.listeners.delete(organizationId);
    };
  }
}

const globalForChanges = globalThis as unknown as { worksightsVisibilityChanges?: VisibilityChanges };

export function visibilityChanges(): VisibilityChanges {
  globalForChanges.worksightsVisibilityChanges ??= new VisibilityChanges();
  return globalForChanges.worksightsVisibilityChanges;
}

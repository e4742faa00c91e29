import "server-only";
import { OrganizationListeners } from "@/lib/events/organization-listeners";

type Listener = () => void;

/**
 * Tells open live streams of an organization that reporting lines, roles or people changed, so each re-resolves
 * its viewer's scope at once. In-process like the timeline bus; streams also re-check on their heartbeat, which
 * bounds the delay when the change happened on another app instance.
 */
class VisibilityChanges {
  private readonly listeners = new OrganizationListeners<[]>("visibility");

  notify(organizationId: string): void {
    this.listeners.emit(organizationId);
  }

  subscribe(organizationId: string, listener: Listener): () => void {
    return this.listeners.subscribe(organizationId, listener);
  }
}

const globalForChanges = globalThis as unknown as { worksightsVisibilityChanges?: VisibilityChanges };

export function visibilityChanges(): VisibilityChanges {
  globalForChanges.worksightsVisibilityChanges ??= new VisibilityChanges();
  return globalForChanges.worksightsVisibilityChanges;
}

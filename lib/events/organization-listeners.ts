import "server-only";

/**
 * Listeners grouped by organization, for in-process fan-out. A listener that throws is logged under `label` and
 * does not stop the others. `onFirst` / `onLast` run when an organization gains its first listener or loses its last.
 */
export class OrganizationListeners<Args extends unknown[]> {
  private readonly byOrganization = new Map<string, Set<(...args: Args) => void>>();

  constructor(
    private readonly label: string,
    private readonly hooks: { onFirst?(organizationId: string): void; onLast?(organizationId: string): void } = {},
  ) {}

  has(organizationId: string): boolean {
    return this.byOrganization.has(organizationId);
  }

  organizations(): string[] {
    return [...this.byOrganization.keys()];
  }

  emit(organizationId: string, ...args: Args): void {
    for (const listener of this.byOrganization.get(organizationId) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`[${this.label}] a listener failed:`, error instanceof Error ? error.message : error);
      }
    }
  }

  subscribe(organizationId: string, listener: (...args: Args) => void): () => void {
    let set = this.byOrganization.get(organizationId);
    if (!set) {
      this.byOrganization.set(organizationId, (set = new Set()));
      this.hooks.onFirst?.(organizationId);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.byOrganization.get(organizationId) === set) {
        this.byOrganization.delete(organizationId);
        this.hooks.onLast?.(organizationId);
      }
    };
  }
}

// Pure module (no `server-only`): the wizard's step 1 lists these for the admin to tick.

/** The permissions WorkSights asks for, in the order the wizard shows them. */
export const REQUIRED_HALO_SCOPES = [
  "read:tickets",
  "read:customers",
  "read:assets",
  "read:contracts",
  "read:projects",
  "read:kb",
  "admin:webhooks",
] as const;

export type RequiredHaloScope = (typeof REQUIRED_HALO_SCOPES)[number];

export const HALO_SCOPE_LABELS: Readonly<Record<RequiredHaloScope, string>> = {
  "read:tickets": "Read tickets, their statuses and actions",
  "read:customers": "Read customers, sites and users",
  "read:assets": "Read assets",
  "read:contracts": "Read contracts",
  "read:projects": "Read projects",
  "read:kb": "Read the knowledge base",
  "admin:webhooks": "Manage webhooks, so WorkSights can register its own",
};

/**
 * The required scopes missing from what Halo granted, in wizard order. `all` covers everything,
 * `admin` covers `admin:` scopes and an `edit:` scope covers its `read:` twin.
 */
export function missingHaloScopes(granted: readonly string[]): RequiredHaloScope[] {
  const have = new Set(granted.map((scope) => scope.toLowerCase()));
  if (have.has("all")) return [];
  return REQUIRED_HALO_SCOPES.filter((scope) => {
    if (have.has(scope)) return false;
    const [action, area] = scope.split(":");
    if (action === "admin" && have.has("admin")) return false;
    return !(action === "read" && have.has(`edit:${area}`));
  });
}

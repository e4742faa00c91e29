import "server-only";
import { isHaloError } from "./errors";
import { REQUIRED_HALO_SCOPES, type RequiredHaloScope } from "./scopes";
import { TokenClient, type TokenClientOptions } from "./token-client";

/**
 * Halo refuses a whole token request when one scope is unknown to it, without saying which. Asking for each
 * required scope on its own names the culprits, so the wizard can say exactly what this Halo version lacks.
 * Returns an empty list when no single scope is refused (the refusal then had another cause).
 */
export async function findUnrecognisedScopes(options: Omit<TokenClientOptions, "scopes">): Promise<RequiredHaloScope[]> {
  const unrecognised: RequiredHaloScope[] = [];
  for (const scope of REQUIRED_HALO_SCOPES) {
    try {
      await new TokenClient({ ...options, scopes: [scope] }).getToken();
    } catch (error) {
      if (isHaloError(error, "invalid_scope")) unrecognised.push(scope);
      else throw error;
    }
  }
  return unrecognised;
}

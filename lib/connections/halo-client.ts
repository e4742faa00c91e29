import "server-only";
import type { HaloConnection } from "@prisma/client";
import { env } from "@/lib/env";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "@/lib/crypto/secret-box";
import { HaloClient } from "@/lib/halo/client";
import { GuardedFetcher, type GuardedRequest } from "@/lib/halo/guarded-fetch";
import type { RetryPolicy } from "@/lib/halo/retry-policy";
import { networkPolicyFor, type NetworkPolicy } from "@/lib/halo/address-guard";
import { REQUIRED_HALO_SCOPES } from "@/lib/halo/scopes";
import { ServiceError } from "@/lib/api/service-error";

export function haloNetworkPolicy(): NetworkPolicy {
  const { NODE_ENV, HALO_ALLOW_PRIVATE_NETWORK } = env();
  return networkPolicyFor({ production: NODE_ENV === "production", allowPrivateNetwork: HALO_ALLOW_PRIVATE_NETWORK });
}

function encryptionKey(): Buffer {
  return parseEncryptionKey(env().ENCRYPTION_KEY);
}

/** The stored form of a connection's client secret, bound to the connection id so it cannot be moved to another row. */
export function sealClientSecret(connectionId: string, clientSecret: string): string {
  return encryptSecret(clientSecret, encryptionKey(), `halo-connection:${connectionId}`);
}

export function openClientSecret(connection: Pick<HaloConnection, "id" | "clientSecretEncrypted">): string {
  if (!connection.clientSecretEncrypted) {
    throw new ServiceError(409, "not_connected", "HaloPSA is disconnected. Connect it again to continue.");
  }
  return decryptSecret(connection.clientSecretEncrypted, encryptionKey(), `halo-connection:${connection.id}`);
}

export interface HaloCredentials {
  apiBaseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** A Halo API client for credentials that are not stored yet (the connect wizard). Close it when done. */
export function haloClientForCredentials(credentials: HaloCredentials): HaloClient {
  return new HaloClient({
    ...credentials,
    scopes: REQUIRED_HALO_SCOPES,
    policy: haloNetworkPolicy(),
    timeoutMs: env().HALO_REQUEST_TIMEOUT_MS,
  });
}

/** A Halo API client acting with a stored connection's credentials. Close it when done. */
export function haloClientFor(connection: HaloConnection): HaloClient {
  return haloClientForCredentials({
    apiBaseUrl: connection.apiBaseUrl,
    tokenUrl: connection.tokenUrl,
    clientId: connection.clientId,
    clientSecret: openClientSecret(connection),
  });
}

/** A client for long background work: its own retry policy, and a count of the HTTP exchanges it made with Halo. */
export function countedHaloClientFor(connection: HaloConnection, retry: RetryPolicy) {
  const guarded = new GuardedFetcher({ policy: haloNetworkPolicy(), timeoutMs: env().HALO_REQUEST_TIMEOUT_MS });
  let calls = 0;
  const client = new HaloClient({
    apiBaseUrl: connection.apiBaseUrl,
    tokenUrl: connection.tokenUrl,
    clientId: connection.clientId,
    clientSecret: openClientSecret(connection),
    scopes: REQUIRED_HALO_SCOPES,
    policy: haloNetworkPolicy(),
    timeoutMs: env().HALO_REQUEST_TIMEOUT_MS,
    retry,
    fetcher: {
      fetch: (request: GuardedRequest) => {
        calls++;
        return guarded.fetch(request);
      },
    },
  });
  return { client, calls: () => calls, close: () => guarded.close() };
}

/** Where Halo must POST this connection's events. */
export function webhookUrlFor(connectionId: string): string {
  return `${env().APP_URL}/api/webhooks/halo/${connectionId}`;
}

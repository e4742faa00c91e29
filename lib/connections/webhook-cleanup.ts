import "server-only";
import type { HaloConnection } from "@prisma/client";
import type { HaloClient } from "@/lib/halo/client";
import { deleteWebhook, listHaloWebhooks } from "@/lib/halo/webhooks";
import { haloClientFor } from "./halo-client";
import { describeHaloProblem } from "./halo-problem";

const MANUAL_FIX = "Delete the older “WorkSights” webhook in Halo under Configuration → Integrations → Webhooks; it can no longer deliver anything.";

/** Deletes one webhook; true when it is gone afterwards (deleted now or already missing). */
export async function deleteWebhookQuietly(client: Pick<HaloClient, "delete">, webhookId: string): Promise<boolean> {
  try {
    await deleteWebhook(client, webhookId);
    return true;
  } catch {
    return false;
  }
}

interface Replacement {
  /** A client for the tenant just connected. */
  client: HaloClient;
  /** The webhook just registered, which stays. */
  keepId: string;
  webhookUrl: string;
  /** The connection row as it was before this connect. */
  previous: HaloConnection | null;
  newApiBaseUrl: string;
}

/**
 * After a (re)connect, removes every earlier registration of ours so exactly one webhook is left:
 * the one the row named before, and any other webhook on the tenant pointing at this connection's
 * URL (left behind by an interrupted attempt or a disconnect while Halo was unreachable). When the
 * tenant changed, the old webhook lives on the old tenant and is deleted with the old credentials.
 * Returns warnings for what could not be removed.
 */
export async function removeEarlierWebhooks({ client, keepId, webhookUrl, previous, newApiBaseUrl }: Replacement): Promise<string[]> {
  const warnings: string[] = [];
  const sameTenant = previous?.apiBaseUrl === newApiBaseUrl;
  try {
    const stale = new Set<string>();
    for (const hook of await listHaloWebhooks(client)) {
      if (hook.id !== keepId && hook.url === webhookUrl) stale.add(hook.id);
    }
    if (sameTenant && previous?.webhookId && previous.webhookId !== keepId) stale.add(previous.webhookId);
    for (const id of stale) await deleteWebhook(client, id);
  } catch (error) {
    warnings.push(`The previous webhook could not be removed from Halo (${describeHaloProblem(error)}). ${MANUAL_FIX}`);
  }

  if (!sameTenant && previous?.webhookId && previous.clientSecretEncrypted) {
    let oldClient: HaloClient | undefined;
    try {
      oldClient = haloClientFor(previous);
      await deleteWebhook(oldClient, previous.webhookId);
    } catch (error) {
      warnings.push(`The webhook on the previous tenant ${previous.tenantUrl} could not be removed (${describeHaloProblem(error)}). ${MANUAL_FIX}`);
    } finally {
      await oldClient?.close();
    }
  }
  return warnings;
}

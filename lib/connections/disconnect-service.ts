import "server-only";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/api/service-error";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { HaloClient } from "@/lib/halo/client";
import { deleteWebhook } from "@/lib/halo/webhooks";
import type { ConnectionSummary } from "./connection-summary";
import { haloClientFor } from "./halo-client";
import { describeHaloProblem } from "./halo-problem";
import { requireOrganizationConnection } from "./connections-service";
import { summariseConnection } from "./summary";

export interface DisconnectResult {
  connection: ConnectionSummary;
  /** Set when the webhook may still exist in Halo. */
  warning: string | null;
}

/**
 * Removes one connection's webhook from Halo, then forgets its client secret and webhook credentials. Its agents,
 * mappings and timeline stay, so connecting again picks up where it left off; the organization's other connections
 * are not touched. Halo being
 * unreachable does not block disconnecting: the stored credentials are cleared anyway, so a
 * leftover webhook can no longer deliver anything, and the admin is told to delete it by hand.
 */
export async function disconnectHalo(actor: Actor, connectionId: string): Promise<DisconnectResult> {
  const row = await requireOrganizationConnection(actor.organizationId, connectionId);
  if (row.status === "disconnected") {
    throw new ServiceError(409, "not_connected", `“${row.name}” is not connected, so there is nothing to disconnect.`);
  }

  let warning: string | null = null;
  if (row.webhookId && row.clientSecretEncrypted) {
    let client: HaloClient | undefined;
    try {
      client = haloClientFor(row);
      await deleteWebhook(client, row.webhookId);
    } catch (error) {
      warning = `“${row.name}” was disconnected, but WorkSights could not remove its webhook from Halo (${describeHaloProblem(error)}). The webhook may still exist in Halo: delete the “WorkSights” webhook under Configuration → Integrations → Webhooks. It can no longer deliver anything to WorkSights.`;
    } finally {
      await client?.close();
    }
  }

  const saved = await db.$transaction(async (tx) => {
    const saved = await tx.haloConnection.update({
      where: { id: row.id },
      data: {
        status: "disconnected",
        clientSecretEncrypted: null,
        webhookId: null,
        webhookUsername: null,
        webhookPasswordHash: null,
        lastError: warning,
      },
    });
    await recordAudit(
      tx,
      actor,
      "halo.disconnected",
      `Disconnected Halo “${row.name}” at ${row.tenantUrl}${warning ? "; the webhook could not be removed from Halo" : "; webhook removed"}`,
    );
    return saved;
  });
  await invalidateIngestConnection(row.id);
  return { connection: await summariseConnection(saved), warning };
}

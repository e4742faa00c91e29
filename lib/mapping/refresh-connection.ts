import "server-only";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/api/service-error";
import { recordAudit } from "@/lib/audit/record";
import { recoveryScheduler } from "@/lib/recovery/scheduler";
import { connectionLockKey, tryLock } from "@/lib/connections/connection-lock";
import { requireOrganizationConnection } from "@/lib/connections/connections-service";
import { WEBHOOK_NAME } from "@/lib/connections/connect-service";
import { haloClientFor, webhookUrlFor } from "@/lib/connections/halo-client";
import { generateWebhookCredentials, hashWebhookPassword } from "@/lib/crypto/webhook-credentials";
import { db } from "@/lib/db/client";
import { listHaloAgents } from "@/lib/halo/agents";
import type { HaloClient } from "@/lib/halo/client";
import { isHaloError } from "@/lib/halo/errors";
import { missingHaloScopes } from "@/lib/halo/scopes";
import { listHaloStatuses } from "@/lib/halo/statuses";
import { deleteWebhook, listHaloWebhooks, registerWebhook, type HaloWebhookSummary } from "@/lib/halo/webhooks";
import { syncHaloAgents, type AgentSyncSummary } from "./sync-agents";

export interface RefreshSummary {
  agents: AgentSyncSummary;
  /** "kept": our webhook is still in Halo; "re-registered": it was gone and a new one was registered. */
  webhook: "kept" | "re-registered";
  /** Other webhooks in Halo that pointed at this connection's URL (left by earlier attempts) and were deleted. */
  duplicateWebhooksRemoved: number;
  checkedAt: string;
  warnings: string[];
}

type Stage = "sign-in" | "agents" | "webhook";

/** A plain sentence for the admin; HaloError messages never hold secrets, but ours are clearer about what to do. */
export function refreshFailureMessage(error: unknown, stage: Stage): string {
  if (!isHaloError(error)) return "Something unexpected went wrong while refreshing. Try again in a minute.";
  const host = error.host ?? "Halo";
  switch (error.code) {
    case "invalid_client":
      return "Halo no longer accepts the saved Client ID and Secret (the secret may have been regenerated or the API application deleted). Connect again with the current credentials.";
    case "invalid_scope":
      return "Halo no longer accepts the permissions WorkSights asks for. Check the API application's Permissions tab, then connect again.";
    case "unauthorized":
      return "Halo issued a sign-in token but then refused it. Check that the API application is still active, then try again.";
    case "forbidden":
      return stage === "webhook"
        ? "Halo refused access to webhooks. Tick admin:webhooks on the API application and give its agent the sys-all-permissions role."
        : "Halo refused access to the agent list. Give the API application's agent the sys-all-permissions role.";
    case "dns_not_found":
      return `Halo is unreachable: the address ${host} could not be found.`;
    case "connection_refused":
      return `Halo is unreachable: ${host} refused the connection.`;
    case "timeout":
      return `Halo is unreachable: ${host} did not answer in time. Try again in a minute.`;
    case "network_error":
    case "tls_error":
      return `Halo is unreachable: the connection to ${host} failed.`;
    case "address_blocked":
      return `${host} now points to a private network address, which WorkSights does not call.`;
    case "rate_limited":
      return "Halo is limiting requests right now. Wait a minute and refresh again.";
    default:
      return `Halo answered with an error while ${stage === "sign-in" ? "signing in" : stage === "agents" ? "listing agents" : "checking the webhook"}: ${error.message}`;
  }
}

function failureCode(error: unknown): string {
  return isHaloError(error) ? `halo_${error.code}` : "refresh_failed";
}

async function loadConnection(organizationId: string, connectionId: string) {
  const connection = await requireOrganizationConnection(organizationId, connectionId);
  if (connection.status === "disconnected" || !connection.clientSecretEncrypted) {
    throw new ServiceError(409, "not_connected", `“${connection.name}” is not connected. Connect it again first.`);
  }
  return connection;
}

/**
 * Refresh Connection: checks the stored credentials still work, re-imports the agents, re-registers the webhook when
 * it is gone from Halo and updates the connection's health fields. Failures are recorded on the connection.
 */
export async function refreshHaloConnection(actor: Actor, connectionId: string): Promise<RefreshSummary> {
  await requireOrganizationConnection(actor.organizationId, connectionId);
  const release = await tryLock(connectionLockKey(connectionId));
  if (!release) throw new ServiceError(409, "busy", "This Halo connection is being connected or refreshed right now. Wait a moment and try again.");
  try {
    const connection = await loadConnection(actor.organizationId, connectionId);
    const client = haloClientFor(connection);
    let stage: Stage = "sign-in";
    try {
      const token = await client.getToken();
      const missing = token.grantedScopes ? missingHaloScopes(token.grantedScopes) : [];
      if (missing.length > 0) {
        throw new ServiceError(502, "halo_missing_scopes", `The API application in Halo no longer has these permissions ticked: ${missing.join(", ")}. Tick them and refresh again.`);
      }
      stage = "agents";
      const agents = await listHaloAgents(client);
      const warnings: string[] = [];
      const statusNames = await readStatusNames(client, warnings);
      stage = "webhook";
      const { replacement, duplicates } = await reconcileWebhook(client, connection.id, connection.webhookId);
      let summary: RefreshSummary;
      try {
        summary = await saveRefresh(actor, connection, { agents, statusNames, grantedScopes: token.grantedScopes, replacement, duplicates }, warnings);
      } catch (error) {
        if (replacement) await deleteWebhook(client, replacement.webhookId).catch(() => undefined);
        throw error;
      }
      // Only once the row names the webhook that stays: the others carry credentials that no longer match.
      summary.duplicateWebhooksRemoved = await deleteDuplicates(client, duplicates, warnings);
      return summary;
    } catch (error) {
      const failure =
        error instanceof ServiceError ? error : new ServiceError(502, failureCode(error), refreshFailureMessage(error, stage));
      if (!(error instanceof ServiceError) && !isHaloError(error)) console.error("halo refresh failed", error instanceof Error ? error.name : typeof error);
      await db.haloConnection.update({
        where: { id: connection.id },
        data: { status: "error", lastError: failure.message, lastCheckedAt: new Date() },
      });
      throw failure;
    } finally {
      await client.close();
    }
  } finally {
    await release();
  }
}

async function readStatusNames(client: HaloClient, warnings: string[]): Promise<Record<string, string> | null> {
  try {
    const statuses = await listHaloStatuses(client);
    return Object.fromEntries(statuses.map((status) => [String(status.id), status.name]));
  } catch {
    warnings.push("Halo's ticket status names could not be read; the timeline keeps the names it knew.");
    return null;
  }
}

const sameUrl = (a: string | null, b: string) => a !== null && a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();

/**
 * Exactly one webhook for this connection: the stored one when Halo still lists it at this connection's URL,
 * otherwise a new one. Every other webhook at that URL (and the stored one, if it points elsewhere) is a duplicate.
 * Halo's list is the source of truth: a single webhook read can answer 404 for a webhook that exists.
 */
async function reconcileWebhook(client: HaloClient, connectionId: string, webhookId: string | null) {
  const url = webhookUrlFor(connectionId);
  const ours = (await listHaloWebhooks(client)).filter((hook) => sameUrl(hook.url, url) || hook.id === webhookId);
  const kept = ours.find((hook) => hook.id === webhookId && sameUrl(hook.url, url));
  if (kept) return { replacement: null, duplicates: ours.filter((hook) => hook !== kept) };
  const credentials = generateWebhookCredentials();
  const newId = await registerWebhook(client, { name: WEBHOOK_NAME, url, ...credentials });
  const replacement = { webhookId: newId, username: credentials.username, passwordHash: hashWebhookPassword(credentials.password) };
  return { replacement, duplicates: ours.filter((hook) => hook.id !== newId) };
}

async function deleteDuplicates(client: HaloClient, duplicates: HaloWebhookSummary[], warnings: string[]): Promise<number> {
  let removed = 0;
  for (const hook of duplicates) {
    try {
      await deleteWebhook(client, hook.id);
      removed += 1;
    } catch {
      warnings.push(`An older WorkSights webhook (${hook.name || hook.id}) could not be removed from Halo. Delete it under Configuration → Integrations → Webhooks; it can no longer deliver anything.`);
    }
  }
  return removed;
}

interface FreshState {
  agents: Awaited<ReturnType<typeof listHaloAgents>>;
  statusNames: Record<string, string> | null;
  grantedScopes: string[] | null;
  replacement: { webhookId: string; username: string; passwordHash: string } | null;
  duplicates: HaloWebhookSummary[];
}

async function saveRefresh(actor: Actor, connection: { id: string; name: string }, fresh: FreshState, warnings: string[]): Promise<RefreshSummary> {
  const connectionId = connection.id;
  const { agents, statusNames, grantedScopes, replacement, duplicates } = fresh;
  const checkedAt = new Date();
  const summary = await db.$transaction(
    async (tx) => {
      await tx.haloConnection.update({
        where: { id: connectionId },
        data: {
          status: "active",
          lastError: null,
          lastCheckedAt: checkedAt,
          ...(statusNames ? { statusNames: JSON.stringify(statusNames) } : {}),
          ...(grantedScopes ? { grantedScopes: grantedScopes.join(" ") } : {}),
          ...(replacement
            ? { webhookId: replacement.webhookId, webhookUsername: replacement.username, webhookPasswordHash: replacement.passwordHash }
            : {}),
        },
      });
      const summary = await syncHaloAgents(connectionId, actor.organizationId, agents, { actor, tx });
      const changes = [
        `${summary.added} added`,
        `${summary.removed} removed`,
        `${summary.disabled} disabled`,
        `${summary.autoMapped} mapped by email`,
      ].join(", ");
      await recordAudit(tx, actor, "halo.refreshed", `Refreshed the Halo connection “${connection.name}”: ${summary.total} agents (${changes})${replacement ? "; webhook re-registered" : ""}${duplicates.length > 0 ? `; ${duplicates.length} duplicate webhook(s) removed from Halo` : ""}`);
      return summary;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  await invalidateIngestConnection(connectionId);
  recoveryScheduler().trigger(connectionId, "refresh");
  return { agents: summary, webhook: replacement ? "re-registered" : "kept", duplicateWebhooksRemoved: 0, checkedAt: checkedAt.toISOString(), warnings };
}

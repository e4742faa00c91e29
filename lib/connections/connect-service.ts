import "server-only";
import type { HaloConnection } from "@prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { generateWebhookCredentials, hashWebhookPassword } from "@/lib/crypto/webhook-credentials";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { listHaloStatuses } from "@/lib/halo/statuses";
import { verifyHaloConnection } from "@/lib/halo/verify-connection";
import { registerWebhook } from "@/lib/halo/webhooks";
import { syncHaloAgents } from "@/lib/mapping/sync-agents";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import type { ConnectInput } from "./connect-schema";
import type { ConnectionRef } from "./connection-summary";
import type { ConnectProgressLine, ConnectResult, ConnectStep, ConnectStepState } from "./connect-progress";
import { haloClientForCredentials, haloNetworkPolicy, sealClientSecret, webhookUrlFor } from "./halo-client";
import { describeHaloProblem } from "./halo-problem";
import { defaultConnectionName } from "./connection-settings-schema";
import { connectionForTenant, duplicateTenantError, requireOrganizationConnection, takenConnectionNames } from "./connections-service";
import { summariseConnection } from "./summary";
import { isPrivateUrl, webhookReachabilityWarning } from "./webhook-reachability";
import { deleteWebhookQuietly, removeEarlierWebhooks } from "./webhook-cleanup";

export const WEBHOOK_NAME = "WorkSights";

type Emit = (line: ConnectProgressLine) => void;
type Verified = Extract<Awaited<ReturnType<typeof verifyHaloConnection>>, { ok: true }>;

/**
 * Adds a Halo connection to the organization (`connectionId` null) or connects one of its connections again: runs
 * the wizard's checks, registers a fresh webhook, then activates the connection and imports the agents in one
 * transaction. Progress goes to `emit` as it happens; the returned result is also emitted last.
 *
 * A tenant the organization already has under another connection is refused before anything is asked of Halo.
 * A failure leaves no active connection that was not active before and no webhook of ours in
 * Halo; when even the clean-up fails, the row is marked "error" with a note for the admin.
 */
export async function connectHalo(actor: Actor, input: ConnectInput, emit: Emit, connectionId: string | null = null): Promise<ConnectResult> {
  const step = (name: ConnectStep, state: ConnectStepState) => emit({ type: "step", step: name, state });
  const finish = (result: ConnectResult) => {
    emit({ type: "result", ...result });
    return result;
  };
  const { APP_URL, HALO_REQUEST_TIMEOUT_MS } = env();
  const warnings: string[] = [];
  const reachability = webhookReachabilityWarning(APP_URL, isPrivateUrl(APP_URL), input.tenantUrl);
  if (reachability) warnings.push(reachability);

  const existing = connectionId ? await requireOrganizationConnection(actor.organizationId, connectionId) : null;
  const duplicate = await connectionForTenant(actor.organizationId, input.tenantUrl, existing?.id);
  if (duplicate) return finish(duplicateFailure(duplicate, input.tenantUrl, warnings));
  const verified = await verifyHaloConnection({
    ...input,
    policy: haloNetworkPolicy(),
    timeoutMs: HALO_REQUEST_TIMEOUT_MS,
    onStep: step,
  });
  if (!verified.ok) {
    const { step: failedStep, code, message, missingScopes } = verified;
    return finish({ ok: false, step: failedStep, code, message, missingScopes, warnings });
  }

  step("webhook", "running");
  const client = haloClientForCredentials({ ...verified, clientId: input.clientId, clientSecret: input.clientSecret });
  try {
    const outcome = await registerAndActivate(actor, input, verified, existing, client, warnings);
    if (!outcome.ok && outcome.code === "duplicate_tenant") {
      step("webhook", "failed");
      return finish(duplicateFailure(outcome.existing, verified.baseUrl, warnings));
    }
    if (!outcome.ok) {
      step("webhook", "failed");
      return finish({ ok: false, step: "webhook", code: outcome.code, message: outcome.message, warnings });
    }
    step("webhook", "passed");
    await invalidateIngestConnection(outcome.row.id);
    warnings.push(...(await removeEarlierWebhooks({ client, keepId: outcome.webhookId, webhookUrl: webhookUrlFor(outcome.row.id), previous: existing, newApiBaseUrl: verified.apiBaseUrl })));
    return finish({
      ok: true,
      connection: await summariseConnection(outcome.row),
      agents: outcome.agents,
      warnings,
    });
  } finally {
    await client.close();
  }
}

function duplicateFailure(existing: ConnectionRef, tenantUrl: string, warnings: string[]): ConnectResult {
  const error = duplicateTenantError(existing, tenantUrl);
  return { ok: false, step: "reach", code: "duplicate_tenant", message: error.message, existingConnection: existing, warnings };
}

type ActivationOutcome =
  | { ok: true; row: HaloConnection; webhookId: string; agents: Extract<ConnectResult, { ok: true }>["agents"] & object }
  | { ok: false; code: "duplicate_tenant"; existing: ConnectionRef }
  | { ok: false; code: "webhook_failed" | "save_failed"; message: string };

/** The new connection's row, pending until its webhook exists; null when a connection to this tenant appeared meanwhile. */
async function createPendingRow(actor: Actor, input: ConnectInput, verified: Verified): Promise<HaloConnection | null> {
  try {
    return await db.$transaction(async (tx) => {
      const name = defaultConnectionName(verified.baseUrl, await takenConnectionNames(actor.organizationId, tx));
      return tx.haloConnection.create({
        data: {
          organizationId: actor.organizationId,
          name,
          ownerId: actor.id,
          tenantUrl: verified.baseUrl,
          apiBaseUrl: verified.apiBaseUrl,
          tokenUrl: verified.tokenUrl,
          clientId: input.clientId,
          status: "pending",
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

async function registerAndActivate(
  actor: Actor,
  input: ConnectInput,
  verified: Verified,
  existing: HaloConnection | null,
  client: ReturnType<typeof haloClientForCredentials>,
  warnings: string[],
): Promise<ActivationOutcome> {
  // The webhook URL names the connection, so a new connection needs its row (pending) before registering.
  const row = existing ?? (await createPendingRow(actor, input, verified));
  if (!row) {
    const other = await connectionForTenant(actor.organizationId, verified.baseUrl);
    if (other) return { ok: false, code: "duplicate_tenant", existing: other };
    return { ok: false, code: "save_failed", message: "WorkSights could not save the connection. Nothing was registered in Halo; try again in a minute." };
  }
  const dropPendingRow = () => (existing ? Promise.resolve() : db.haloConnection.delete({ where: { id: row.id } }).then(() => undefined));

  const statusNames = await readStatusNames(client, existing, warnings);
  const credentials = generateWebhookCredentials();
  let webhookId: string;
  try {
    webhookId = await registerWebhook(client, { name: WEBHOOK_NAME, url: webhookUrlFor(row.id), ...credentials });
  } catch (error) {
    await dropPendingRow();
    return {
      ok: false,
      code: "webhook_failed",
      message: `The webhook could not be registered: ${describeHaloProblem(error)}. Nothing was changed; fix this in Halo and connect again.`,
    };
  }

  try {
    const now = new Date();
    const { saved, agents } = await db.$transaction(
      async (tx) => {
        const saved = await tx.haloConnection.update({
          where: { id: row.id },
          data: {
            tenantUrl: verified.baseUrl,
            apiBaseUrl: verified.apiBaseUrl,
            tokenUrl: verified.tokenUrl,
            clientId: input.clientId,
            clientSecretEncrypted: sealClientSecret(row.id, input.clientSecret),
            status: "active",
            grantedScopes: (verified.grantedScopes ?? []).join(" "),
            webhookId,
            webhookUsername: credentials.username,
            webhookPasswordHash: hashWebhookPassword(credentials.password),
            statusNames: JSON.stringify(statusNames),
            connectedAt: now,
            lastCheckedAt: now,
            lastError: null,
          },
        });
        if (existing && existing.apiBaseUrl !== verified.apiBaseUrl) {
          // Another tenant: its agent and ticket ids mean something else, so earlier mappings and ticket states go.
          await tx.haloAgent.deleteMany({ where: { connectionId: row.id } });
          await tx.ticketState.deleteMany({ where: { connectionId: row.id } });
        }
        const agents = await syncHaloAgents(row.id, actor.organizationId, verified.agents, { actor, tx });
        const verb = existing?.status === "active" ? "Reconnected" : "Connected";
        await recordAudit(
          tx,
          actor,
          existing?.status === "active" ? "halo.reconnected" : "halo.connected",
          `${verb} Halo “${saved.name}” at ${verified.baseUrl} (client ${input.clientId}); webhook registered; ${agents.total} agents imported`,
        );
        return { saved, agents };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    const { added, updated, removed, disabled, autoMapped, total } = agents;
    return { ok: true, row: saved, webhookId, agents: { added, updated, removed, disabled, autoMapped, total } };
  } catch (error) {
    console.error("halo connect: saving the connection failed", error instanceof Error ? error.name : typeof error);
    const webhookRemoved = await deleteWebhookQuietly(client, webhookId);
    if (webhookRemoved) {
      await dropPendingRow().catch(() => undefined);
    } else {
      await db.haloConnection
        .update({
          where: { id: row.id },
          data: {
            status: existing?.status === "active" ? "active" : "error",
            lastError: "A connection attempt failed half-way and its webhook may still exist in Halo. Connect again to clean it up.",
          },
        })
        .catch(() => undefined);
    }
    return {
      ok: false,
      code: "save_failed",
      message: webhookRemoved
        ? "WorkSights could not save the connection, so the webhook it had just registered was removed again. Try again in a minute."
        : "WorkSights could not save the connection, and the webhook it had just registered could not be removed from Halo. Try again in a minute: connecting again removes it.",
    };
  }
}

async function readStatusNames(
  client: ReturnType<typeof haloClientForCredentials>,
  existing: HaloConnection | null,
  warnings: string[],
): Promise<Record<string, string>> {
  try {
    const statuses = await listHaloStatuses(client);
    return Object.fromEntries(statuses.map((status) => [String(status.id), status.name]));
  } catch (error) {
    warnings.push(`Halo's ticket status names could not be read (${describeHaloProblem(error)}). Use Refresh connection on the HaloPSA page later so the timeline can name statuses.`);
    try {
      return JSON.parse(existing?.statusNames ?? "{}") as Record<string, string>;
    } catch {
      return {};
    }
  }
}

import "server-only";
import { jsonError } from "@/lib/api/responses";
import { storedCredentialsMatch } from "@/lib/crypto/webhook-credentials";
import { parseHaloDelivery } from "@/lib/halo/inbound-webhook";
import { recoveryScheduler } from "@/lib/recovery/scheduler";
import { ingestConnection } from "./ingest-context";
import { IngestUnavailableError, storeDelivery, storeRejection } from "./ingest-writer";
import { readBodyWithLimit } from "./request-body";
import { LogLineBudget } from "./log-budget";
import { MinuteFlusher, minuteLabel } from "./minute-flusher";
import { countRefusal, flushEndedRejectionWindows, MAX_RECORDED_REJECTIONS_PER_MINUTE } from "./rejection-budget";

export const MAX_DELIVERY_BYTES = 256 * 1024;

function unauthorized() {
  return Response.json(
    { error: { code: "unauthorized", message: "Unknown webhook or wrong credentials." } },
    { status: 401, headers: { "www-authenticate": 'Basic realm="WorkSights webhook"' } },
  );
}

function storageUnavailable(error: unknown) {
  const why = error instanceof IngestUnavailableError ? `${error.name} (${error.reason})` : error instanceof Error ? error.name : "error";
  console.error("[webhook] could not store a delivery:", why);
  return jsonError(503, "storage_unavailable", "The delivery could not be stored. Send it again.");
}

type RefusalLogs = { summaries: MinuteFlusher; unknownConnections: LogLineBudget };
const globalForIngest = globalThis as unknown as { worksightsRefusalLogs?: RefusalLogs };
const refusalLogs = (globalForIngest.worksightsRefusalLogs ??= {
  // When a minute with refusals ends, its count is closed and, past the budget, summarised in the delivery log.
  summaries: new MinuteFlusher(async (now) => {
    await flushEndedRejectionWindows(now);
  }),
  unknownConnections: new LogLineBudget(
    MAX_RECORDED_REJECTIONS_PER_MINUTE,
    (line) => console.warn(line),
    (dropped, minute) =>
      `[webhook] refused ${dropped} more ${dropped === 1 ? "delivery" : "deliveries"} for unknown connections between ${minuteLabel(minute)} and ${minuteLabel(minute + 1)} UTC (not logged one by one)`,
  ),
});

/** Closes ended minutes now rather than at their timers: summaries in the delivery log and in the server log. */
export async function flushRefusalSummaries(now: number): Promise<void> {
  refusalLogs.unknownConnections.flush(now);
  await flushEndedRejectionWindows(now);
}

/** Records why a delivery was refused, within the per-minute budget; a failure to record must not change the answer. */
async function reject(connectionId: string, reason: string, response: Response): Promise<Response> {
  try {
    if (await countRefusal(connectionId, Date.now())) await storeRejection(connectionId, reason);
    refusalLogs.summaries.touch();
  } catch (error) {
    console.error("[webhook] could not record a rejected delivery:", error instanceof Error ? error.name : "error");
  }
  return response;
}

/**
 * `POST /api/webhooks/halo/:connectionId`. 2xx only once the delivery is stored (accepted, repeated or ignored);
 * 401/413/400 for deliveries refused and recorded; 503 when storage fails, so Halo can send it again.
 */
export async function receiveHaloWebhook(request: Request, connectionId: string): Promise<Response> {
  const receivedAt = new Date();
  let connection;
  try {
    connection = await ingestConnection(connectionId);
  } catch (error) {
    return storageUnavailable(error);
  }
  if (!connection) {
    // The id comes from the URL: keep only id-like characters so a caller cannot forge log lines.
    refusalLogs.unknownConnections.log(
      `[webhook] refused a delivery for unknown connection "${connectionId.slice(0, 40).replace(/[^A-Za-z0-9_-]/g, "?")}"`,
    );
    return unauthorized();
  }

  const authorization = request.headers.get("authorization");
  const credentials = { username: connection.webhookUsername ?? "", passwordHash: connection.webhookPasswordHash ?? "" };
  if (!storedCredentialsMatch(credentials, authorization)) {
    const reason = !credentials.username
      ? "The connection has no webhook credentials (it was disconnected)"
      : authorization
        ? "Wrong webhook username or password"
        : "No Basic credentials were sent";
    return reject(connection.id, reason, unauthorized());
  }

  const body = await readBodyWithLimit(request, MAX_DELIVERY_BYTES).catch(() => null);
  if (!body) return reject(connection.id, "The body could not be read", jsonError(400, "unreadable_body", "The body could not be read."));
  if (!body.ok) {
    const message = `The body is larger than ${MAX_DELIVERY_BYTES / 1024} KB`;
    return reject(connection.id, message, jsonError(413, "body_too_large", `${message}.`));
  }

  let json: unknown;
  try {
    json = JSON.parse(body.text.replace(/^\uFEFF/, ""));
  } catch {
    const message = "The body is not valid JSON";
    return reject(connection.id, message, jsonError(400, "invalid_json", `${message}.`));
  }
  const parsed = parseHaloDelivery(json, receivedAt);
  if (!parsed.ok) {
    const message = `Unrecognised delivery: ${parsed.reason}`;
    return reject(connection.id, message, jsonError(400, "unrecognised_delivery", `${message}.`));
  }

  try {
    const stored = await storeDelivery(connection, parsed.delivery);
    recoveryScheduler().noticeDelivery(connection.id, parsed.delivery.occurredAt);
    return Response.json(
      stored.outcome === "accepted"
        ? { outcome: stored.outcome, events: stored.rows.length }
        : { outcome: stored.outcome, reason: stored.reason },
    );
  } catch (error) {
    return storageUnavailable(error);
  }
}

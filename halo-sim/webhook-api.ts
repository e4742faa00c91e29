import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireAccess } from "./access";
import { EVENT_NUMBERS, eventNameForNumber, normaliseEventName } from "./events";
import { HttpError, sendJson } from "./http";
import type { Router } from "./router";
import type { SimRuntime } from "./runtime";
import type { SimState, Webhook, WebhookEventSubscription } from "./state";

/** Halo ids and enums arrive as numbers, decimals or numeric strings. */
const flexibleInt = z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value), z.number().int());

const webhookEventInput = z.object({
  id: flexibleInt.optional(),
  name: z.string().optional(),
  eventno: flexibleInt.optional(),
});

/** Unknown fields are accepted and ignored, as Halo ignores fields it does not store. */
const webhookInput = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  type: flexibleInt.optional(),
  url: z.string().optional(),
  content_type: z.string().optional(),
  method: flexibleInt.optional(),
  authentication_type: flexibleInt.optional(),
  basic_username: z.string().optional(),
  basic_password: z.string().optional(),
  active: z.boolean().optional(),
  note: z.string().optional(),
  use_lightweight_logs: z.boolean().optional(),
  events: z.array(webhookEventInput).optional(),
});

/** ASP.NET Core's model-validation answer, which Halo's API returns for malformed bodies. */
function validationError(field: string, message: string): HttpError {
  return new HttpError(400, {
    type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    title: "One or more validation errors occurred.",
    status: 400,
    errors: { [field]: [message] },
  });
}

function recordNotFound(id: string): HttpError {
  return new HttpError(404, { error: "not_found", message: `Record not found: Webhook ${id}` });
}

/** What the API shows: the Basic password is never echoed back. */
export function publicWebhook(webhook: Webhook) {
  const { basic_password: password, ...rest } = webhook;
  return { ...rest, basic_password_set: password !== "" };
}

export function registerWebhookRoutes(router: Router, runtime: SimRuntime): void {
  const access = { scope: "admin:webhooks", roleGated: true } as const;

  router.get("/api/Webhook", (ctx) => {
    requireAccess(ctx, runtime, access);
    const type = ctx.query.int("type");
    const webhooks = [...runtime.state.webhooks.values()].filter((webhook) => type === undefined || webhook.type === type);
    sendJson(ctx.res, 200, webhooks.map(publicWebhook));
  });

  router.get("/api/Webhook/:id", (ctx) => {
    requireAccess(ctx, runtime, access);
    const id = ctx.params.id ?? "";
    const webhook = runtime.state.webhooks.get(id.toLowerCase());
    if (!webhook) throw recordNotFound(id);
    sendJson(ctx.res, 200, publicWebhook(webhook));
  });

  router.post("/api/Webhook", async (ctx) => {
    requireAccess(ctx, runtime, access);
    const saved = saveWebhooks(runtime.state, await ctx.readJson());
    sendJson(ctx.res, 200, saved.length === 1 ? publicWebhook(saved[0] as Webhook) : saved.map(publicWebhook));
  });

  router.delete("/api/Webhook/:id", (ctx) => {
    requireAccess(ctx, runtime, access);
    const id = ctx.params.id ?? "";
    const webhook = runtime.state.webhooks.get(id.toLowerCase());
    if (!webhook) throw recordNotFound(id);
    runtime.state.webhooks.delete(webhook.id);
    sendJson(ctx.res, 200, publicWebhook(webhook));
  });
}

/** Create (no id) or update (with id) every item; nothing is saved unless all items are valid. */
export function saveWebhooks(state: SimState, body: unknown): Webhook[] {
  if (!Array.isArray(body)) {
    throw validationError("$", "The request requires a JSON array of Webhook objects, e.g. [ { ... } ], not a single object.");
  }
  if (body.length === 0) throw validationError("$", "The request array contains no Webhook objects.");
  const prepared = body.map((item, index) => prepareWebhook(state, item, index));
  for (const webhook of prepared) state.webhooks.set(webhook.id, webhook);
  return prepared;
}

function prepareWebhook(state: SimState, item: unknown, index: number): Webhook {
  const parsed = webhookInput.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validationError(`[${index}].${issue?.path.join(".") ?? ""}`, issue?.message ?? "Invalid Webhook object");
  }
  const input = parsed.data;
  const existing = input.id ? state.webhooks.get(input.id.toLowerCase()) : undefined;
  if (input.id && !existing) throw recordNotFound(input.id);
  const id = existing?.id ?? randomUUID();

  const url = input.url ?? existing?.url;
  if (!url) throw validationError(`[${index}].url`, "The Payload URL is required.");
  if (!isHttpUrl(url)) throw validationError(`[${index}].url`, `'${url}' is not an absolute http(s) URL.`);

  const events = input.events ? input.events.map((event, eventIndex) => toSubscription(state, existing, id, event, index, eventIndex)) : (existing?.events ?? []);
  if (events.length === 0) throw validationError(`[${index}].events`, "You need at least one event per Webhook.");

  const authenticationType = input.authentication_type ?? existing?.authentication_type ?? 0;
  const webhook: Webhook = {
    id,
    name: input.name ?? existing?.name ?? "Webhook",
    type: input.type ?? existing?.type ?? 0,
    url,
    content_type: input.content_type ?? existing?.content_type ?? "application/json",
    method: input.method ?? existing?.method ?? 0,
    authentication_type: authenticationType,
    basic_username: input.basic_username ?? existing?.basic_username ?? "",
    basic_password: input.basic_password ?? existing?.basic_password ?? "",
    active: input.active ?? existing?.active ?? true,
    note: input.note ?? existing?.note ?? "",
    use_lightweight_logs: input.use_lightweight_logs ?? existing?.use_lightweight_logs ?? false,
    events,
  };
  if (authenticationType === 1 && webhook.basic_username === "") {
    throw validationError(`[${index}].basic_username`, "Basic Authentication needs a username.");
  }
  return webhook;
}

function toSubscription(
  state: SimState,
  existing: Webhook | undefined,
  webhookId: string,
  event: z.infer<typeof webhookEventInput>,
  index: number,
  eventIndex: number,
): WebhookEventSubscription {
  const knownName = event.name !== undefined ? normaliseEventName(event.name) : undefined;
  const fromNumber = event.eventno !== undefined ? eventNameForNumber(event.eventno) : undefined;
  const name = knownName ?? event.name?.trim() ?? fromNumber;
  if (!name) throw validationError(`[${index}].events[${eventIndex}]`, "Each event needs a name or an eventno.");
  const kept = event.id !== undefined ? existing?.events.find((entry) => entry.id === event.id) : undefined;
  const eventno = event.eventno ?? (knownName ? EVENT_NUMBERS[knownName] : null);
  return { id: kept?.id ?? state.takeNotificationId(), name, eventno, webhook_id: webhookId };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

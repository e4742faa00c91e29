import "server-only";
import type { HaloClient } from "./client";
import { HaloError, isHaloError } from "./errors";
import { toHaloBool, toHaloGuid } from "./halo-ids";
import { isRecord } from "./json-body";

/** Halo notification names the webhook subscribes to (lower case, matched exactly by Halo). */
export const HALO_WEBHOOK_EVENTS = [
  "new ticket logged",
  "ticket status changed",
  "ticket reassigned",
  "end-user update",
] as const;

export type HaloWebhookEventName = (typeof HALO_WEBHOOK_EVENTS)[number];

export interface WebhookRegistration {
  name: string;
  /** Where Halo delivers, e.g. `<app>/api/webhooks/halo/<connection id>`. */
  url: string;
  username: string;
  password: string;
}

export interface HaloWebhookSummary {
  id: string;
  name: string;
  url: string | null;
  active: boolean;
}

/**
 * Creates the webhook and returns its id (a UUID). The enum values (type 0 = standard webhook,
 * method 0 = POST, authentication_type 1 = Basic, payload_type 0 = default small object) are
 * third-party readings of Halo's API, not Halo documentation.
 */
export async function registerWebhook(client: Pick<HaloClient, "post">, registration: WebhookRegistration): Promise<string> {
  const saved = await client.post("Webhook", [
    {
      name: registration.name,
      url: registration.url,
      type: 0,
      method: 0,
      content_type: "application/json",
      authentication_type: 1,
      basic_username: registration.username,
      basic_password: registration.password,
      active: true,
      payload_type: 0,
      events: HALO_WEBHOOK_EVENTS.map((name) => ({ name })),
    },
  ]);
  // Halo answers with the saved record, sometimes wrapped in a one-item array.
  const record = Array.isArray(saved) && saved.length === 1 ? saved[0] : saved;
  const id = isRecord(record) ? toHaloGuid(record.id) : null;
  if (!id) throw new HaloError("bad_response", "Halo saved the webhook but did not return its id.");
  return id;
}

/** Deletes the webhook; one that is already gone counts as deleted. */
export async function deleteWebhook(client: Pick<HaloClient, "delete">, id: string): Promise<"deleted" | "already_gone"> {
  try {
    await client.delete(`Webhook/${webhookPathId(id)}`);
    return "deleted";
  } catch (error) {
    if (isHaloError(error, "not_found")) return "already_gone";
    throw error;
  }
}

export async function webhookExists(client: Pick<HaloClient, "get">, id: string): Promise<boolean> {
  const wanted = webhookPathId(id);
  try {
    const record = await client.get(`Webhook/${wanted}`);
    return isRecord(record) && toHaloGuid(record.id) === wanted;
  } catch (error) {
    if (isHaloError(error, "not_found")) return false;
    throw error;
  }
}

/** All webhooks on the tenant (to find and replace an earlier registration of ours). */
export async function listHaloWebhooks(client: Pick<HaloClient, "get">): Promise<HaloWebhookSummary[]> {
  const json = await client.get("Webhook");
  if (!Array.isArray(json)) throw new HaloError("bad_response", "Halo's webhook list was not a list.");
  const hooks: HaloWebhookSummary[] = [];
  for (const row of json) {
    if (!isRecord(row)) continue;
    const id = toHaloGuid(row.id);
    if (!id) continue;
    hooks.push({
      id,
      name: typeof row.name === "string" ? row.name : "",
      url: typeof row.url === "string" ? row.url : null,
      active: row.active === undefined ? true : toHaloBool(row.active),
    });
  }
  return hooks;
}

function webhookPathId(id: string): string {
  const guid = toHaloGuid(id);
  if (!guid) throw new TypeError("A Halo webhook id is a UUID.");
  return guid;
}

import "server-only";
import type { HaloClient } from "./client";
import { HaloError } from "./errors";
import { toHaloGuid, toHaloInt } from "./halo-ids";
import { parseHaloTimestamp } from "./inbound-webhook";
import { isRecord } from "./json-body";

/** Halo caps a page at 100 whatever is asked (notes §6). */
export const HALO_LOG_PAGE_SIZE = 100;

/** One attempt in Halo's webhook delivery log (`GET /api/WebhookEvent`, notes §3.1), reduced to what recovery needs. */
export interface HaloDeliveryLogEntry {
  /** The log entry's own GUID (one per attempt; not the payload's `id`). */
  id: string;
  webhookId: string | null;
  /** When Halo made the attempt. */
  loggedAt: Date;
  /** `entity_id`: the ticket the delivery was about, when Halo says. */
  ticketId: number | null;
  /** Halo's receiver answered 2xx (`responsestatus`). */
  answeredOk: boolean;
  responseStatus: number | null;
  /** `requestbody`; null with lightweight logs or past log retention. */
  body: string | null;
  /** The event name, when the log carries one (Halo's schema does not list it; the simulator's does). */
  eventName: string | null;
}

export interface HaloDeliveryLogPage {
  entries: HaloDeliveryLogEntry[];
  /** Entries in the log for this webhook, if Halo said. */
  recordCount: number | null;
  /** Entries on the page that could not be read (no id or time). */
  unreadable: number;
}

/** One page of a webhook's delivery log, newest first (`page` counts from 1). */
export async function fetchDeliveryLogPage(client: Pick<HaloClient, "get">, webhookId: string, page: number): Promise<HaloDeliveryLogPage> {
  const json = await client.get("WebhookEvent", {
    webhook_id: webhookId,
    pageinate: true,
    page_size: HALO_LOG_PAGE_SIZE,
    page_no: page,
    order: "timestamp",
    orderdesc: true,
  });
  return parseDeliveryLogPage(json);
}

export function parseDeliveryLogPage(json: unknown): HaloDeliveryLogPage {
  const rows = logRows(json);
  if (!rows) throw new HaloError("bad_response", "Halo's webhook delivery log was not a list.");
  const entries: HaloDeliveryLogEntry[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const entry = isRecord(row) ? parseLogEntry(row) : null;
    if (entry) entries.push(entry);
    else unreadable++;
  }
  const recordCount = isRecord(json) ? toHaloInt(json.record_count) : null;
  return { entries, recordCount, unreadable };
}

// Halo's wrapper key for this endpoint is not documented: accept a bare list or the one list in the object.
function logRows(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (!isRecord(json)) return null;
  for (const key of ["webhookevents", "webhook_events", "records"]) {
    if (Array.isArray(json[key])) return json[key];
  }
  const lists = Object.values(json).filter(Array.isArray);
  return lists.length === 1 ? lists[0]! : null;
}

function parseLogEntry(row: Record<string, unknown>): HaloDeliveryLogEntry | null {
  const id = toHaloGuid(row.id);
  const loggedAt = parseHaloTimestamp(row.timestamp);
  if (!id || !loggedAt) return null;
  const responseStatus = toHaloInt(row.responsestatus);
  const body = typeof row.requestbody === "string" && row.requestbody.trim() !== "" ? row.requestbody : null;
  const ticketId = toHaloInt(row.entity_id);
  return {
    id,
    webhookId: toHaloGuid(row.webhook_id),
    loggedAt,
    ticketId: ticketId !== null && ticketId > 0 ? ticketId : null,
    answeredOk: responseStatus !== null && responseStatus >= 200 && responseStatus < 300,
    responseStatus,
    body,
    eventName: typeof row.event === "string" && row.event.trim() !== "" ? row.event.trim() : null,
  };
}

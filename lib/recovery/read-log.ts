import "server-only";
import { db } from "@/lib/db/client";
import type { HaloClient } from "@/lib/halo/client";
import { fetchDeliveryLogPage, HALO_LOG_PAGE_SIZE, type HaloDeliveryLogEntry } from "@/lib/halo/delivery-log";
import { eventKindOfName, parseHaloDelivery, type HaloDelivery } from "@/lib/halo/inbound-webhook";
import type { MissedEntry } from "./match-actions";

/** A generous bound: 1,000 pages are 100,000 attempts, far beyond Halo's own log limits. */
const MAX_PAGES = 1_000;

export interface UnrecoverableEntry {
  logEntryId: string;
  loggedAt: Date;
  ticketId: number | null;
  reason: string;
}

export interface LogReading {
  /** Newest log time seen: the next recovery reads back to here. */
  newestLoggedAt: Date | null;
  entriesRead: number;
  alreadyPresent: number;
  /** Unseen deliveries whose logged body was read. */
  fromBodies: HaloDelivery[];
  /** Failed attempts without a body, by ticket: the actions fallback's work. */
  withoutBody: Map<number, MissedEntry[]>;
  unrecoverable: UnrecoverableEntry[];
}

/**
 * Pages the webhook's delivery log newest first back to `cutoff`, and sorts every attempt into: already stored
 * (by the payload's delivery id, or by the log entry id for what an earlier recovery derived or gave up on),
 * recoverable from its body, to be derived from the ticket's actions, or unrecoverable.
 */
export async function readDeliveryLog(input: {
  client: Pick<HaloClient, "get">;
  connectionId: string;
  webhookId: string;
  cutoff: Date;
  /** Called after each page (the caller renews its lease there). */
  onPage: () => Promise<void>;
}): Promise<LogReading> {
  const reading: LogReading = { newestLoggedAt: null, entriesRead: 0, alreadyPresent: 0, fromBodies: [], withoutBody: new Map(), unrecoverable: [] };
  const seenEntries = new Set<string>();
  const seenPayloads = new Set<string>();

  for (let page = 1; page <= MAX_PAGES; page++) {
    const { entries, recordCount } = await fetchDeliveryLogPage(input.client, input.webhookId, page);
    await input.onPage();
    for (const entry of entries) {
      if (!reading.newestLoggedAt || entry.loggedAt > reading.newestLoggedAt) reading.newestLoggedAt = entry.loggedAt;
    }
    const fresh = entries.filter((entry) => entry.loggedAt >= input.cutoff && !seenEntries.has(entry.id));
    for (const entry of fresh) seenEntries.add(entry.id);
    reading.entriesRead += fresh.length;
    await sortPage(input.connectionId, fresh, reading, seenPayloads);

    const reachedCutoff = entries.some((entry) => entry.loggedAt < input.cutoff);
    const lastPage = entries.length < HALO_LOG_PAGE_SIZE || (recordCount !== null && page * HALO_LOG_PAGE_SIZE >= recordCount);
    if (reachedCutoff || lastPage) break;
  }
  return reading;
}

async function sortPage(connectionId: string, entries: HaloDeliveryLogEntry[], reading: LogReading, seenPayloads: Set<string>) {
  const parsed = entries.map((entry) => ({ entry, delivery: entry.body ? parseLoggedBody(entry.body, entry.loggedAt) : null }));
  const ids = parsed.flatMap(({ entry, delivery }) => (delivery ? [delivery.deliveryId, entry.id] : [entry.id]));
  const stored = new Set(
    ids.length === 0
      ? []
      : (
          await db.webhookDelivery.findMany({
            where: { connectionId, haloDeliveryId: { in: ids } },
            select: { haloDeliveryId: true },
          })
        ).map((row) => row.haloDeliveryId),
  );

  for (const { entry, delivery } of parsed) {
    if (stored.has(entry.id)) {
      reading.alreadyPresent++;
    } else if (entry.body !== null) {
      if (!delivery) {
        reading.unrecoverable.push({ logEntryId: entry.id, loggedAt: entry.loggedAt, ticketId: entry.ticketId, reason: "Halo's logged body is not a delivery WorkSights can read" });
      } else if (stored.has(delivery.deliveryId) || seenPayloads.has(delivery.deliveryId)) {
        reading.alreadyPresent++;
      } else {
        seenPayloads.add(delivery.deliveryId);
        reading.fromBodies.push(delivery);
      }
    } else if (entry.answeredOk) {
      // WorkSights answers 2xx only once a delivery is committed.
      reading.alreadyPresent++;
    } else if (entry.ticketId === null) {
      reading.unrecoverable.push({ logEntryId: entry.id, loggedAt: entry.loggedAt, ticketId: null, reason: "Halo kept no body and did not say which ticket it was about" });
    } else {
      const list = reading.withoutBody.get(entry.ticketId) ?? [];
      list.push({ logEntryId: entry.id, loggedAt: entry.loggedAt, kind: entry.eventName ? eventKindOfName(entry.eventName) : null });
      reading.withoutBody.set(entry.ticketId, list);
    }
  }
}

/** Read as the receiver would have read it when Halo sent it (`loggedAt` stands in for the arrival time). */
function parseLoggedBody(body: string, loggedAt: Date): HaloDelivery | null {
  try {
    const parsed = parseHaloDelivery(JSON.parse(body.replace(/^\uFEFF/, "")), loggedAt);
    return parsed.ok ? parsed.delivery : null;
  } catch {
    return null;
  }
}

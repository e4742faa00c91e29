import "server-only";
import type { HaloClient } from "./client";
import { HaloError } from "./errors";
import { toHaloInt } from "./halo-ids";
import { isRecord } from "./json-body";

export interface HaloStatus {
  id: number;
  name: string;
}

/** Ticket statuses (`GET /api/Status`), to name a status id from a webhook. */
export async function listHaloStatuses(client: Pick<HaloClient, "get">): Promise<HaloStatus[]> {
  return parseHaloStatuses(await client.get("Status"));
}

export function parseHaloStatuses(json: unknown): HaloStatus[] {
  if (!Array.isArray(json)) throw new HaloError("bad_response", "Halo's status list was not a list.");
  const statuses: HaloStatus[] = [];
  for (const row of json) {
    if (!isRecord(row)) continue;
    const id = toHaloInt(row.id);
    const name = typeof row.name === "string" ? row.name.trim() : "";
    if (id !== null && name !== "") statuses.push({ id, name });
  }
  return statuses;
}

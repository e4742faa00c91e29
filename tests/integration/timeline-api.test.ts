import { beforeAll, describe, expect, it } from "vitest";
import { GET as listTimeline } from "@/app/api/timeline/route";
import { GET as streamTimeline } from "@/app/api/timeline/stream/route";
import type { TimelinePage, TimelineRow } from "@/lib/timeline/types";
import { createWorkspaceWithPeople } from "./support/fixtures";
import { requestAs } from "./support/requests";
import { sseReader, type SseEvent } from "./support/sse";
import { createConnection, haloPayload, postDelivery } from "./support/timeline-fixtures";

type Workspace = Awaited<ReturnType<typeof createWorkspaceWithPeople>> & { connectionId: string; authorization: string };
let acme: Workspace;
let other: Workspace;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function workspace(): Promise<Workspace> {
  const people = await createWorkspaceWithPeople();
  const { connection, authorization } = await createConnection(people.organization.id, { agent3: people.manager.id, agent4: people.admin.id });
  return { ...people, connectionId: connection.id, authorization };
}

async function deliver(target: Workspace, payload: ReturnType<typeof haloPayload>) {
  const response = await postDelivery(target.connectionId, payload, { authorization: target.authorization });
  expect(await response.json()).toMatchObject({ outcome: "accepted" });
}

async function list(userId: string, query = ""): Promise<Response> {
  return listTimeline(await requestAs(userId, `/api/timeline${query}`));
}

beforeAll(async () => {
  acme = await workspace();
  other = await workspace();
  // Ten events over ten minutes: even tickets by agent 3 (the manager), odd by agent 4 (the admin).
  for (let index = 0; index < 10; index++) {
    await deliver(acme, haloPayload({
      event: index % 3 === 0 ? "new ticket logged" : "ticket status changed",
      ticketId: 500 + index,
      agentId: index % 2 === 0 ? 3 : 4,
      statusId: 2,
      timestamp: minutesAgo(10 - index),
    }));
  }
  await deliver(other, haloPayload({ ticketId: 900 }));
});

describe("GET /api/timeline", () => {
  it("pages newest first with a keyset cursor, without gaps or repeats", async () => {
    const seen: TimelineRow[] = [];
    let cursor: string | null = null;
    do {
      const response = await list(acme.admin.id, `?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as TimelinePage;
      expect(page.rows.length).toBeLessThanOrEqual(4);
      seen.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((row) => row.ticketId)).toEqual([509, 508, 507, 506, 505, 504, 503, 502, 501, 500]);
    expect(seen[0]).toMatchObject({
      kind: "ticket_created",
      person: { id: acme.admin.id, name: "Alex Admin" },
      ticketNumber: "0000509",
      ticketUrl: "https://acme.halopsa.com/ticket?id=509",
      statusName: null,
    });
    expect(seen[1]).toMatchObject({ kind: "status_changed", statusName: "In Progress" });
  });

  it("filters by person, kind and date range", async () => {
    const byPerson = (await (await list(acme.admin.id, `?userId=${acme.manager.id}`)).json()) as TimelinePage;
    expect(byPerson.rows.map((row) => row.ticketId)).toEqual([508, 506, 504, 502, 500]);
    const byKind = (await (await list(acme.admin.id, "?kind=ticket_created")).json()) as TimelinePage;
    expect(byKind.rows.map((row) => row.ticketId)).toEqual([509, 506, 503, 500]);
    const from = encodeURIComponent(minutesAgo(7.5).toISOString());
    const to = encodeURIComponent(minutesAgo(4.5).toISOString());
    const byRange = (await (await list(acme.admin.id, `?from=${from}&to=${to}`)).json()) as TimelinePage;
    expect(byRange.rows.map((row) => row.ticketId)).toEqual([505, 504, 503]);
    const combined = (await (await list(acme.admin.id, `?kind=status_changed&userId=${acme.admin.id}&from=${from}&to=${to}`)).json()) as TimelinePage;
    expect(combined.rows.map((row) => row.ticketId)).toEqual([505]);
  });

  it("refuses filters and cursors it does not understand, with the field named", async () => {
    for (const [query, field] of [
      ["?kind=coffee_break", "kind"],
      ["?from=yesterday", "from"],
      ["?cursor=1;DROP", "cursor"],
      ["?limit=1000", "limit"],
      [`?from=${encodeURIComponent(minutesAgo(1).toISOString())}&to=${encodeURIComponent(minutesAgo(5).toISOString())}`, "from"],
    ] as const) {
      const response = await list(acme.admin.id, query);
      expect(response.status).toBe(400);
      expect(Object.keys((await response.json()).error.fieldErrors)).toContain(field);
    }
  });

  it("shows each organization only its own rows, and needs a signed-in person", async () => {
    const page = (await (await list(other.admin.id)).json()) as TimelinePage;
    expect(page.rows.map((row) => row.ticketId)).toEqual([900]);
    const peeking = (await (await list(other.manager.id, `?userId=${acme.manager.id}`)).json()) as TimelinePage;
    expect(peeking.rows).toEqual([]);
    expect((await listTimeline(await requestAs(null, "/api/timeline"))).status).toBe(401);
  });
});

/** Reads server-sent events from a stream until `count` rows arrived. */
async function readRows(body: ReadableStream<Uint8Array>, count: number, timeoutMs = 3_000) {
  const reader = sseReader(body);
  const rowEvents = (events: SseEvent[]) => events.filter((event) => event.event === "row" && event.data);
  const rows = rowEvents(await reader.until((events) => rowEvents(events).length >= count, timeoutMs));
  reader.release();
  return { rows: rows.map((event) => JSON.parse(event.data) as TimelineRow), ids: rows.map((event) => event.id ?? "") };
}

/** The first chunk (as the stream enqueued it, not a copy) whose text contains `marker`. */
async function nextChunkWith(body: ReadableStream<Uint8Array>, marker: string, timeoutMs = 3_000): Promise<Uint8Array> {
  const reader = body.getReader();
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now()))]);
      if (!next || next.done) break;
      if (new TextDecoder().decode(next.value).includes(marker)) return next.value;
    }
  } finally {
    reader.releaseLock();
  }
  throw new Error(`no chunk with ${marker} arrived`);
}

async function openStream(userId: string, query = "", headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const request = new Request(await requestAs(userId, `/api/timeline/stream${query}`, { headers }), { signal: abort.signal });
  const response = await streamTimeline(request);
  return { response, abort };
}

/** Opens a stream and waits until it is live, so a row stored next is certain to reach it. */
async function openLiveStream(userId: string) {
  const stream = await openStream(userId);
  const reader = sseReader(stream.response.body!);
  await reader.untilLive();
  reader.release();
  return stream;
}

describe("GET /api/timeline/stream", () => {
  it("pushes a row as soon as its delivery is stored, to its own organization only", async () => {
    const mine = await openLiveStream(acme.admin.id);
    const theirs = await openLiveStream(other.admin.id);
    expect(mine.response.headers.get("content-type")).toMatch(/^text\/event-stream/);

    await deliver(acme, haloPayload({ event: "ticket reassigned", ticketId: 600, agentId: 4 }));
    const { rows, ids } = await readRows(mine.response.body!, 1);
    expect(rows).toMatchObject([{ kind: "agent_assigned", ticketId: 600, person: { id: acme.admin.id } }]);
    expect(ids).toEqual([String(rows[0]!.id)]);
    expect((await readRows(theirs.response.body!, 1, 300)).rows).toEqual([]);

    mine.abort.abort();
    theirs.abort.abort();
  });

  it("encodes a pushed row once and writes the same bytes to every open stream", async () => {
    const viewers = await Promise.all([openLiveStream(acme.manager.id), openLiveStream(acme.admin.id), openLiveStream(acme.manager.id)]);
    await deliver(acme, haloPayload({ event: "ticket reassigned", ticketId: 601, agentId: 3 }));
    const chunks = await Promise.all(viewers.map((viewer) => nextChunkWith(viewer.response.body!, "event: row")));
    expect(new TextDecoder().decode(chunks[0])).toContain('"ticketId":601');
    for (const chunk of chunks.slice(1)) expect(chunk).toBe(chunks[0]);
    for (const viewer of viewers) viewer.abort.abort();
  });

  it("sends what was missed since Last-Event-ID (or ?after=) before going live", async () => {
    const page = (await (await list(acme.admin.id, "?limit=100")).json()) as TimelinePage;
    const byId = [...page.rows].sort((a, b) => a.id - b.id);
    const resumeAfter = byId.at(-4)!.id;

    const resumed = await openStream(acme.admin.id, "", { "last-event-id": String(resumeAfter) });
    const { rows } = await readRows(resumed.response.body!, 3);
    expect(rows.map((row) => row.id)).toEqual(byId.slice(-3).map((row) => row.id));
    resumed.abort.abort();

    const viaQuery = await openStream(acme.admin.id, `?after=${resumeAfter}`);
    expect((await readRows(viaQuery.response.body!, 3)).rows).toHaveLength(3);
    viaQuery.abort.abort();
  });

  it("closes the stream when the client goes away", async () => {
    const stream = await openStream(acme.admin.id);
    const reader = stream.response.body!.getReader();
    await reader.read();
    stream.abort.abort();
    let done = false;
    for (let attempt = 0; attempt < 20 && !done; attempt++) done = (await reader.read()).done;
    expect(done).toBe(true);
  });

  it("refuses a resume point that is not an id, and signed-out visitors", async () => {
    expect((await openStream(acme.admin.id, "?after=abc")).response.status).toBe(400);
    expect((await streamTimeline(await requestAs(null, "/api/timeline/stream"))).status).toBe(401);
  });
});

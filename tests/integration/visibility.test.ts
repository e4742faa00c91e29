import { beforeAll, describe, expect, it } from "vitest";
import { GET as listTimeline } from "@/app/api/timeline/route";
import { GET as streamTimeline } from "@/app/api/timeline/stream/route";
import { DELETE as removePerson, PATCH as updatePerson } from "@/app/api/team/[userId]/route";
import { db } from "@/lib/db/client";
import type { TimelinePage, TimelineRow } from "@/lib/timeline/types";
import { AGENT_OF, createOrgChart } from "./support/org-chart";
import { requestAs, routeParams } from "./support/requests";
import { sseReader, type SseEvent } from "./support/sse";
import { haloPayload, postDelivery } from "./support/timeline-fixtures";

let chart: Awaited<ReturnType<typeof createOrgChart>>;
type Who = keyof typeof AGENT_OF;

async function deliverFor(who: Who, ticketId: number) {
  const response = await postDelivery(chart.connection.id, haloPayload({ event: "new ticket logged", ticketId, agentId: AGENT_OF[who] }), {
    authorization: chart.authorization,
  });
  expect(await response.json()).toMatchObject({ outcome: "accepted" });
}

async function timelineOf(viewerId: string, query = ""): Promise<{ status: number; names: string[] }> {
  const response = await listTimeline(await requestAs(viewerId, `/api/timeline?limit=100${query}`));
  if (response.status !== 200) return { status: response.status, names: [] };
  const page = (await response.json()) as TimelinePage;
  return { status: 200, names: [...new Set(page.rows.map((row) => row.person.name))].sort() };
}

beforeAll(async () => {
  chart = await createOrgChart();
  let ticket = 7000;
  for (const who of Object.keys(AGENT_OF) as Who[]) await deliverFor(who, ticket++);
});

describe("who sees whom on GET /api/timeline", () => {
  it("admins see everyone", async () => {
    expect(await timelineOf(chart.people.olivia.id)).toEqual({ status: 200, names: ["Ada", "Cy", "Dee", "Mia", "Olivia"] });
  });

  it("a manager sees themselves and everyone below them, directly or further down", async () => {
    expect(await timelineOf(chart.people.mia.id)).toEqual({ status: 200, names: ["Ada", "Cy", "Mia"] });
    expect(await timelineOf(chart.people.bob.id)).toEqual({ status: 200, names: ["Cy"] });
    expect(await timelineOf(chart.people.nick.id)).toEqual({ status: 200, names: ["Dee"] });
  });

  it("a member sees only themselves", async () => {
    expect(await timelineOf(chart.people.ada.id)).toEqual({ status: 200, names: ["Ada"] });
    expect(await timelineOf(chart.people.dee.id)).toEqual({ status: 200, names: ["Dee"] });
  });

  it("a person filter outside the viewer's people returns nothing, not an error that confirms the id", async () => {
    expect(await timelineOf(chart.people.mia.id, `&userId=${chart.people.dee.id}`)).toEqual({ status: 200, names: [] });
    expect(await timelineOf(chart.people.ada.id, `&userId=${chart.people.cy.id}`)).toEqual({ status: 200, names: [] });
    expect(await timelineOf(chart.people.ada.id, "&userId=forged-id-123")).toEqual({ status: 200, names: [] });
    expect(await timelineOf(chart.people.mia.id, `&userId=${chart.people.cy.id}`)).toEqual({ status: 200, names: ["Cy"] });
  });
});

const rowNames = (events: SseEvent[]) => events.filter((e) => e.event === "row").map((e) => (JSON.parse(e.data) as TimelineRow).person.name);

async function openStream(viewerId: string, query = "") {
  const abort = new AbortController();
  const request = new Request(await requestAs(viewerId, `/api/timeline/stream${query}`), { signal: abort.signal });
  const response = await streamTimeline(request);
  expect(response.status).toBe(200);
  const reader = sseReader(response.body!);
  await reader.untilLive();
  return { reader, abort };
}

describe("who sees whom on GET /api/timeline/stream", () => {
  it("never carries a row of someone outside the viewer's people, live or caught up", async () => {
    const mia = await openStream(chart.people.mia.id);
    const ada = await openStream(chart.people.ada.id);
    const olivia = await openStream(chart.people.olivia.id);
    await deliverFor("dee", 7100);
    await deliverFor("cy", 7101);
    await deliverFor("ada", 7102);
    expect(rowNames(await mia.reader.until((events) => rowNames(events).length >= 2))).toEqual(["Cy", "Ada"]);
    expect(rowNames(await ada.reader.until((events) => rowNames(events).length >= 1))).toEqual(["Ada"]);
    expect(rowNames(await olivia.reader.until((events) => rowNames(events).length >= 3))).toEqual(["Dee", "Cy", "Ada"]);
    // Nothing more arrives for the manager and the member: Dee's row was held back, not late.
    expect(rowNames(await mia.reader.until(() => false, 300))).toEqual(["Cy", "Ada"]);
    expect(rowNames(await ada.reader.until(() => false, 300))).toEqual(["Ada"]);
    for (const stream of [mia, ada, olivia]) stream.abort.abort();

    const caughtUp = await openStream(chart.people.nick.id, "?after=0");
    const names = rowNames(await caughtUp.reader.until(() => false, 500));
    expect(new Set(names)).toEqual(new Set(["Dee"]));
    caughtUp.abort.abort();
  });

  it("applies a change of reporting line to an open stream within seconds", async () => {
    const nick = await openStream(chart.people.nick.id);
    await deliverFor("cy", 7200);
    // Cy (below Bob, below Mia) now reports to Nick.
    const moved = await updatePerson(
      await requestAs(chart.people.olivia.id, `/api/team/${chart.people.cy.id}`, { method: "PATCH", json: { managerId: chart.people.nick.id } }),
      routeParams({ userId: chart.people.cy.id }),
    );
    expect(moved.status).toBe(200);
    const started = Date.now();
    await nick.reader.until((events) => events.some((e) => e.event === "scope"));
    expect(Date.now() - started).toBeLessThan(2_000);
    await deliverFor("cy", 7201);
    const events = await nick.reader.until((all) => rowNames(all).length >= 1);
    expect(events.map((e) => e.event)).toContain("scope");
    expect(rowNames(events)).toEqual(["Cy"]);
    expect(events.filter((e) => e.event === "row").map((e) => (JSON.parse(e.data) as TimelineRow).ticketId)).toEqual([7201]);
    nick.abort.abort();

    expect(await timelineOf(chart.people.mia.id)).toEqual({ status: 200, names: ["Ada", "Mia"] });
    await updatePerson(
      await requestAs(chart.people.olivia.id, `/api/team/${chart.people.cy.id}`, { method: "PATCH", json: { managerId: chart.people.bob.id } }),
      routeParams({ userId: chart.people.cy.id }),
    );
  });

  it("closes the stream of a person who is removed", async () => {
    const extra = await db.user.create({
      data: { organizationId: chart.organization.id, name: "Temp", email: `temp-${Date.now()}@example.com`, role: "member" },
    });
    const stream = await openStream(extra.id);
    const removed = await removePerson(await requestAs(chart.people.olivia.id, `/api/team/${extra.id}`, { method: "DELETE" }), routeParams({ userId: extra.id }));
    expect(removed.status).toBe(204);
    const started = Date.now();
    await stream.reader.until(() => false, 2_000);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe("who sees whom on the day view routes", () => {
  const today = new Date().toISOString().slice(0, 10);

  async function dayOf(viewerId: string, query = "") {
    const { GET } = await import("@/app/api/team-day/route");
    const response = await GET(await requestAs(viewerId, `/api/team-day?day=${today}${query}`));
    if (response.status !== 200) return { status: response.status, names: [] as string[], latestEventId: 0 };
    const body = (await response.json()) as { people: { name: string; total: number }[]; latestEventId: number };
    return { status: 200, names: body.people.map((person) => person.name), latestEventId: body.latestEventId };
  }

  async function marksOf(viewerId: string, query = "") {
    const { GET } = await import("@/app/api/team-day/marks/route");
    const response = await GET(await requestAs(viewerId, `/api/team-day/marks?day=${today}&upTo=999999999${query}`));
    if (response.status !== 200) return { status: response.status, people: [] as string[] };
    const body = (await response.json()) as { marks: Record<string, unknown> };
    const names = Object.fromEntries(Object.entries(chart.people).map(([name, person]) => [person.id, name]));
    return { status: 200, people: Object.keys(body.marks).map((id) => names[id] ?? id).sort() };
  }

  it("lists only the viewer's people, each with their own counts and marks", async () => {
    // UTC organization: everything delivered above happened today.
    expect((await dayOf(chart.people.olivia.id)).names).toEqual(["Ada", "Cy", "Dee", "Mia", "Olivia"]);
    expect((await dayOf(chart.people.mia.id)).names).toEqual(["Ada", "Cy", "Mia"]);
    expect((await dayOf(chart.people.nick.id)).names).toEqual(["Dee"]);
    expect((await dayOf(chart.people.ada.id)).names).toEqual(["Ada"]);
    expect(await marksOf(chart.people.olivia.id)).toEqual({ status: 200, people: ["ada", "cy", "dee", "mia", "olivia"] });
    expect(await marksOf(chart.people.mia.id)).toEqual({ status: 200, people: ["ada", "cy", "mia"] });
    expect(await marksOf(chart.people.ada.id)).toEqual({ status: 200, people: ["ada"] });
  });

  it("gives admins My team (their own subtree) or Everyone; others cannot widen their view", async () => {
    await db.user.update({ where: { id: chart.people.nick.id }, data: { managerId: null } });
    expect((await dayOf(chart.people.olivia.id, "&team=mine")).names).toEqual(["Ada", "Cy", "Mia", "Olivia"]);
    expect((await dayOf(chart.people.olivia.id, "&team=everyone")).names).toEqual(["Ada", "Cy", "Dee", "Mia", "Olivia"]);
    expect((await dayOf(chart.people.mia.id, "&team=everyone")).names).toEqual(["Ada", "Cy", "Mia"]);
    expect((await dayOf(chart.people.ada.id, "&team=everyone")).names).toEqual(["Ada"]);
    await db.user.update({ where: { id: chart.people.nick.id }, data: { managerId: chart.people.olivia.id } });
  });

  it("counts each person's events within their own day", async () => {
    const { GET } = await import("@/app/api/team-day/route");
    const response = await GET(await requestAs(chart.people.nick.id, `/api/team-day?day=${today}`));
    const body = (await response.json()) as { people: { name: string; total: number; counts: Record<string, number>; hours: number }[] };
    const dee = body.people.find((person) => person.name === "Dee")!;
    const stored = await db.timelineEvent.count({ where: { userId: chart.people.dee.id } });
    expect(dee.total).toBe(stored);
    expect(dee.counts.ticket_created).toBe(stored);
    expect(dee.hours).toBe(24);
  });

  it("refuses a bad day or team with the field named, and signed-out visitors", async () => {
    const { GET } = await import("@/app/api/team-day/route");
    for (const [query, field] of [["?day=2026-02-30", "day"], ["?day=yesterday", "day"], [`?day=${today}&team=all`, "team"]] as const) {
      const response = await GET(await requestAs(chart.people.olivia.id, `/api/team-day${query}`));
      expect(response.status).toBe(400);
      expect(Object.keys((await response.json()).error.fieldErrors)).toContain(field);
    }
    expect((await GET(await requestAs(null, `/api/team-day?day=${today}`))).status).toBe(401);
    const marks = await import("@/app/api/team-day/marks/route");
    expect((await marks.GET(await requestAs(chart.people.olivia.id, `/api/team-day/marks?day=${today}`))).status).toBe(400);
  });
});

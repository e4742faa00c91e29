import { beforeAll, describe, expect, it } from "vitest";
import { GET as listTimeline } from "@/app/api/timeline/route";
import { GET as readSwitch, PUT as writeSwitch } from "@/app/api/halo/connections/[connectionId]/ticket-summaries/route";
import { db } from "@/lib/db/client";
import type { TimelinePage } from "@/lib/timeline/types";
import { createOrgChart } from "./support/org-chart";
import { requestAs, routeParams } from "./support/requests";
import { haloPayload, postDelivery } from "./support/timeline-fixtures";

let chart: Awaited<ReturnType<typeof createOrgChart>>;

async function deliver(payload: ReturnType<typeof haloPayload>) {
  const response = await postDelivery(chart.connection.id, payload, { authorization: chart.authorization });
  expect(await response.json()).toMatchObject({ outcome: "accepted" });
}

async function rowsFor(ticketId: number) {
  const response = await listTimeline(await requestAs(chart.people.olivia.id, "/api/timeline?limit=100"));
  const page = (await response.json()) as TimelinePage;
  return page.rows.filter((row) => row.ticketId === ticketId).map((row) => ({ summary: row.ticketSummary, client: row.clientName }));
}

const setSwitch = async (userId: string, enabled: unknown) =>
  writeSwitch(await requestAs(userId, `/api/halo/connections/${chart.connection.id}/ticket-summaries`, { method: "PUT", json: { enabled } }), routeParams({ connectionId: chart.connection.id }));

beforeAll(async () => {
  chart = await createOrgChart();
});

describe("ticket summary and customer on rows", () => {
  it("names the ticket and customer; a later delivery updates every row of that ticket; a delivery without them keeps them", async () => {
    await deliver(haloPayload({ event: "new ticket logged", ticketId: 8001, summary: "Printer on fire", clientName: "Contoso" }));
    expect(await rowsFor(8001)).toEqual([{ summary: "Printer on fire", client: "Contoso" }]);
    await deliver(haloPayload({ event: "ticket status changed", ticketId: 8001, statusId: 2, summary: "Printer on fire (3rd floor)", clientName: "Contoso" }));
    expect(await rowsFor(8001)).toEqual([
      { summary: "Printer on fire (3rd floor)", client: "Contoso" },
      { summary: "Printer on fire (3rd floor)", client: "Contoso" },
    ]);
    await deliver(haloPayload({ event: "ticket status changed", ticketId: 8001, statusId: 8, summary: null }));
    expect((await rowsFor(8001))[0]).toEqual({ summary: "Printer on fire (3rd floor)", client: "Contoso" });
  });

  it("shows nothing rather than failing when a ticket never had them", async () => {
    await deliver(haloPayload({ event: "new ticket logged", ticketId: 8002, summary: null }));
    expect(await rowsFor(8002)).toEqual([{ summary: null, client: null }]);
  });

  it("only admins may read or change the switch, and bad input changes nothing", async () => {
    expect((await readSwitch(await requestAs(chart.people.mia.id, `/api/halo/connections/${chart.connection.id}/ticket-summaries`), routeParams({ connectionId: chart.connection.id }))).status).toBe(403);
    expect((await setSwitch(chart.people.ada.id, false)).status).toBe(403);
    const bad = await setSwitch(chart.people.olivia.id, "off");
    expect(bad.status).toBe(400);
    expect((await db.haloConnection.findUniqueOrThrow({ where: { id: chart.connection.id } })).showTicketSummaries).toBe(true);
    expect(await (await readSwitch(await requestAs(chart.people.olivia.id, `/api/halo/connections/${chart.connection.id}/ticket-summaries`), routeParams({ connectionId: chart.connection.id }))).json()).toEqual({ enabled: true });
  });

  it("switched off: stored ones are erased and none are stored; on again: new deliveries bring them back", async () => {
    const off = await setSwitch(chart.people.olivia.id, false);
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ enabled: false, erased: 1 });
    expect(await db.ticketState.count({ where: { connectionId: chart.connection.id, NOT: { summary: null } } })).toBe(0);
    expect(await rowsFor(8001)).toEqual(Array(3).fill({ summary: null, client: null }));

    await deliver(haloPayload({ event: "new ticket logged", ticketId: 8003, summary: "Secret project", clientName: "Initech" }));
    expect(await rowsFor(8003)).toEqual([{ summary: null, client: null }]);
    expect(await db.ticketState.findUniqueOrThrow({ where: { connectionId_ticketId: { connectionId: chart.connection.id, ticketId: 8003 } } })).toMatchObject({
      summary: null,
      clientName: null,
    });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { organizationId: chart.organization.id, action: "halo.ticket_summaries" } });
    expect(audit.summary).toBe(`Switched ticket summaries off for “${chart.connection.name}” and erased those of 1 ticket`);

    expect((await setSwitch(chart.people.olivia.id, true)).status).toBe(200);
    await deliver(haloPayload({ event: "ticket status changed", ticketId: 8003, statusId: 2, summary: "Server room flooded", clientName: "Initech" }));
    expect((await rowsFor(8003))[0]).toEqual({ summary: "Server room flooded", client: "Initech" });
  });

  it("stores none for a delivery planned while the switch was on but written after it went off", async () => {
    // The receiver's cached view of the connection still says "on"; the store must read the stored switch.
    await deliver(haloPayload({ event: "new ticket logged", ticketId: 8004, summary: "Warm cache" }));
    await db.haloConnection.update({ where: { id: chart.connection.id }, data: { showTicketSummaries: false } });
    await deliver(haloPayload({ event: "ticket status changed", ticketId: 8004, statusId: 2, summary: "Should not be kept" }));
    const state = await db.ticketState.findUniqueOrThrow({ where: { connectionId_ticketId: { connectionId: chart.connection.id, ticketId: 8004 } } });
    expect(state.summary).toBeNull();
    await db.haloConnection.update({ where: { id: chart.connection.id }, data: { showTicketSummaries: true } });
  });
});

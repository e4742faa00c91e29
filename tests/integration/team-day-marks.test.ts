import { describe, expect, it } from "vitest";
import { GET as marksRoute } from "@/app/api/team-day/marks/route";
import { db } from "@/lib/db/client";
import { createOrgChart } from "./support/org-chart";
import { requestAs } from "./support/requests";

describe("the marks behind the day view's bars", () => {
  it("returns every visible person's events once, however many people there are (they are read in slices)", async () => {
    const chart = await createOrgChart();
    const olivia = chart.people.olivia;
    const extra = await Promise.all(
      Array.from({ length: 45 }, (_, index) =>
        db.user.create({
          data: { organizationId: chart.organization.id, name: `Extra ${String(index).padStart(2, "0")}`, email: `extra${index}-${olivia.id}@example.com`, role: "member", managerId: olivia.id },
        }),
      ),
    );
    await db.haloAgent.createMany({
      data: extra.map((person, index) => ({ connectionId: chart.connection.id, haloAgentId: 100 + index, name: `Agent ${100 + index}`, userId: person.id })),
    });
    const today = new Date().toISOString().slice(0, 10);
    const startOfDay = Date.parse(`${today}T00:00:00Z`);
    // Person n has n + 1 events, spread over the hours that have passed today.
    const elapsed = Math.max(1, Date.now() - startOfDay - 1000);
    await db.timelineEvent.createMany({
      data: extra.flatMap((person, index) =>
        Array.from({ length: index + 1 }, (_, n) => ({
          organizationId: chart.organization.id,
          connectionId: chart.connection.id,
          userId: person.id,
          haloAgentId: 100 + index,
          ticketId: 5000 + n,
          kind: "ticket_created",
          occurredAt: new Date(startOfDay + Math.floor((elapsed * n) / (index + 1))),
        })),
      ),
    });

    const response = await marksRoute(await requestAs(olivia.id, `/api/team-day/marks?day=${today}&upTo=999999999`));
    expect(response.status).toBe(200);
    const { marks } = (await response.json()) as { marks: Record<string, { at: number[]; kind: number[]; ticket: number[] }> };
    extra.forEach((person, index) => {
      expect(marks[person.id]?.at, person.name).toHaveLength(index + 1);
      expect(marks[person.id]?.ticket.toSorted((a, b) => a - b)).toEqual(Array.from({ length: index + 1 }, (_, n) => 5000 + n));
    });
    expect(Object.keys(marks)).toHaveLength(extra.length);
  });
});

import { describe, expect, it } from "vitest";
import { isCompleteDay } from "@/components/timeline/day-value";
import { groupRepeats } from "@/components/timeline/group-repeats";
import { nextAnnouncementDelay, splitHeldRows, summariseArrivals } from "@/components/timeline/live-arrivals";
import type { TimelineRow } from "@/lib/timeline/types";

function row(id: number, patch: Partial<TimelineRow> = {}): TimelineRow {
  return {
    id,
    kind: "status_changed",
    person: { id: "u1", name: "Priya Shah" },
    connection: { id: "c1", name: "acme.halopsa.com" },
    ticketId: 1001,
    ticketNumber: "0001001",
    ticketUrl: "https://acme.halopsa.com/tickets?id=1001",
    ticketSummary: null,
    clientName: null,
    statusName: "In Progress",
    occurredAt: new Date(Date.UTC(2026, 10, 30, 9, 0, id)).toISOString(),
    ...patch,
  };
}

describe("isCompleteDay", () => {
  it("waits for a four-digit year while it is typed digit by digit", () => {
    expect(isCompleteDay("0002-01-01")).toBe(false);
    expect(isCompleteDay("0020-01-01")).toBe(false);
    expect(isCompleteDay("0202-01-01")).toBe(false);
    expect(isCompleteDay("2020-01-01")).toBe(true);
  });

  it("refuses empty, malformed and impossible days", () => {
    expect(isCompleteDay("")).toBe(false);
    expect(isCompleteDay("2020-1-01")).toBe(false);
    expect(isCompleteDay("2021-02-29")).toBe(false);
    expect(isCompleteDay("2024-02-29")).toBe(true);
  });
});

describe("groupRepeats", () => {
  it("folds a run of identical activity into one group, newest first", () => {
    const groups = groupRepeats([row(5), row(4), row(3), row(2, { statusName: "New" }), row(1)]);
    expect(groups.map((group) => group.rows.map((member) => member.id))).toEqual([[5, 4, 3], [2], [1]]);
    expect(groups[0]!.row.id).toBe(5);
  });

  it("keeps different people, kinds and tickets apart", () => {
    const groups = groupRepeats([row(4), row(3, { person: { id: "u2", name: "Jordan Lee" } }), row(2, { kind: "ticket_created" }), row(1, { ticketId: 1002 })]);
    expect(groups).toHaveLength(4);
  });
});

describe("live arrivals", () => {
  it("summarises arrivals by kind, and says where held rows wait", () => {
    expect(summariseArrivals([], false)).toBe("");
    expect(summariseArrivals([row(1), row(2), row(3, { kind: "ticket_created" })], false)).toBe(
      "3 new events: 1 new ticket, 2 status changes.",
    );
    expect(summariseArrivals([row(1, { kind: "user_replied" })], true)).toMatch(/^1 new event: 1 customer reply\. Use the “new” button/);
  });

  it("announces at most once per interval", () => {
    expect(nextAnnouncementDelay(null, 50_000)).toBe(0);
    expect(nextAnnouncementDelay(45_000, 50_000, 10_000)).toBe(5_000);
    expect(nextAnnouncementDelay(30_000, 50_000, 10_000)).toBe(0);
  });

  it("holds back rows stored after the watermark", () => {
    const rows = [row(12), row(11), row(10), row(9)];
    expect(splitHeldRows(rows, null).held).toEqual([]);
    const { shown, held } = splitHeldRows(rows, 10);
    expect(shown.map((r) => r.id)).toEqual([10, 9]);
    expect(held.map((r) => r.id)).toEqual([12, 11]);
  });
});

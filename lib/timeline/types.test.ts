import { describe, expect, it } from "vitest";
import { compareRowsNewestFirst, rowMatchesFilters, timelineFilterSchema, type TimelineRow } from "./types";

const row = (id: number, occurredAt: string, overrides: Partial<TimelineRow> = {}): TimelineRow => ({
  id,
  kind: "status_changed",
  person: { id: "u1", name: "Priya Shah" },
  connection: { id: "c1", name: "acme.halopsa.com" },
  ticketId: 1001,
  ticketNumber: "0001001",
  ticketUrl: "https://acme.halopsa.com/ticket?id=1001",
  ticketSummary: null,
  clientName: null,
  statusName: "Resolved",
  occurredAt,
  ...overrides,
});

describe("timeline filters", () => {
  it("decides whether a live row belongs in a filtered list", () => {
    const pushed = row(5, "2026-11-26T10:00:00.000Z");
    expect(rowMatchesFilters(pushed, {})).toBe(true);
    expect(rowMatchesFilters(pushed, { userId: "u2" })).toBe(false);
    expect(rowMatchesFilters(pushed, { kind: "ticket_created" })).toBe(false);
    expect(rowMatchesFilters(pushed, { connectionId: "c1" })).toBe(true);
    expect(rowMatchesFilters(pushed, { connectionId: "c2" })).toBe(false);
    expect(rowMatchesFilters(pushed, { from: "2026-11-26T00:00:00Z", to: "2026-11-26T23:59:59.999Z" })).toBe(true);
    expect(rowMatchesFilters(pushed, { from: "2026-11-27T00:00:00Z" })).toBe(false);
  });

  it("refuses a range whose start is after its end, naming the field", () => {
    const parsed = timelineFilterSchema.safeParse({ from: "2026-11-27T00:00:00Z", to: "2026-11-26T00:00:00Z" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["from"]);
  });

  it("orders newest first, ties broken by id", () => {
    const rows = [row(1, "2026-11-26T10:00:00Z"), row(3, "2026-11-26T09:00:00Z"), row(2, "2026-11-26T10:00:00Z")];
    expect(rows.sort(compareRowsNewestFirst).map((r) => r.id)).toEqual([2, 1, 3]);
  });
});

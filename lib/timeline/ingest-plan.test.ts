import { describe, expect, it } from "vitest";
import type { HaloDelivery } from "@/lib/halo/inbound-webhook";
import type { IngestConnection } from "./ingest-context";
import { BEFORE_CONNECTION_REASON, planBatch, ticketKey, type IngestJob } from "./ingest-plan";

const connectedAt = new Date("2026-11-26T10:00:00Z");
const connection: IngestConnection = {
  id: "conn",
  organizationId: "org",
  name: "acme.halopsa.com",
  tenantUrl: "https://acme.halopsa.com",
  connectedAt,
  webhookUsername: "u",
  webhookPasswordHash: "h",
  statusNames: new Map([[2, "In Progress"]]),
  showTicketSummaries: true,
  mappedAgents: new Map([[3, { userId: "user-3", userName: "Priya Shah" }]]),
};

function delivery(overrides: Partial<HaloDelivery>): Extract<IngestJob, { type: "delivery" }> {
  return {
    type: "delivery",
    connection,
    delivery: {
      deliveryId: "d1",
      webhookId: null,
      eventName: "ticket status changed",
      occurredAt: new Date("2026-11-26T11:00:00Z"),
      ticketId: 42,
      ticketAgentId: 3,
      actingAgentId: 3,
      statusId: 2,
      statusName: null,
      action: null,
      timestampNote: null,
      ticketSummary: "Printer on fire",
      clientName: "Contoso",
      ...overrides,
    },
  };
}

const nothingKnown = { seenDeliveries: new Set<string>(), ticketStates: new Map() };

describe("planning a batch of deliveries", () => {
  it("accepts a delivery once and marks the same id later in the batch as repeated", () => {
    const plan = planBatch([delivery({}), delivery({})], nothingKnown);
    expect(plan.outcomes.map((outcome) => outcome?.outcome)).toEqual(["accepted", "repeated"]);
    expect(plan.events).toHaveLength(1);
    expect(plan.events[0]).toMatchObject({ userId: "user-3", kind: "status_changed", statusName: "In Progress", ticketId: 42 });
  });

  it("treats an id already stored as repeated", () => {
    const plan = planBatch([delivery({})], { ...nothingKnown, seenDeliveries: new Set(["conn:d1"]) });
    expect(plan.outcomes[0]).toMatchObject({ outcome: "repeated" });
    expect(plan.deliveryRows[0]).toMatchObject({ outcome: "repeated", haloDeliveryId: null });
  });

  it("lets a later delivery see the ticket state an earlier one left, to derive a vague event", () => {
    const plan = planBatch(
      [
        delivery({ deliveryId: "a", eventName: "new ticket logged", statusId: 1 }),
        delivery({ deliveryId: "b", eventName: "ticket updated", statusId: 2 }),
      ],
      nothingKnown,
    );
    expect(plan.events.map((event) => event.kind)).toEqual(["ticket_created", "status_changed"]);
    expect(plan.ticketStates).toEqual([
      {
        connectionId: "conn", ticketId: 42, statusId: 2, agentId: 3, summary: "Printer on fire", clientName: "Contoso",
        asOf: new Date("2026-11-26T11:00:00Z"),
      },
    ]);
  });

  it("ignores events before the connection and of unmapped agents, with reasons", () => {
    const plan = planBatch(
      [
        delivery({ deliveryId: "early", occurredAt: new Date(connectedAt.getTime() - 1) }),
        delivery({ deliveryId: "stranger", ticketAgentId: 8, actingAgentId: 8 }),
      ],
      nothingKnown,
    );
    expect(plan.outcomes).toEqual([
      { outcome: "ignored", reason: BEFORE_CONNECTION_REASON, rows: [] },
      { outcome: "ignored", reason: "No mapped agent: Halo agent 8 is not mapped to a WorkSights user", rows: [] },
    ]);
    expect(plan.events).toHaveLength(0);
  });

  it("notes connections whose status names need refreshing", () => {
    const plan = planBatch([delivery({ statusId: 77 })], {
      ...nothingKnown,
      ticketStates: new Map([[ticketKey("conn", 42), { statusId: 2, agentId: 3, summary: null, clientName: null, asOf: null }]]),
    });
    expect(plan.events[0]?.statusName).toBeNull();
    expect([...plan.unknownStatusConnections]).toEqual(["conn"]);
  });

  it("keeps a newer ticket state when an older delivery arrives (recovered or sent late), and still rows it", () => {
    const newer = new Date("2026-11-26T12:00:00Z");
    const known = { ...nothingKnown, ticketStates: new Map([[ticketKey("conn", 42), { statusId: 9, agentId: 3, summary: null, clientName: null, asOf: newer }]]) };
    const plan = planBatch([{ ...delivery({ statusId: 2 }), recoveredFrom: "delivery_log" }], known);
    expect(plan.ticketStates).toEqual([]);
    expect(plan.events.map((event) => [event.kind, event.statusName, event.recoveredFrom])).toEqual([["status_changed", "In Progress", "delivery_log"]]);

    // An unknown event name cannot be derived from a state that is newer than the delivery.
    const derived = planBatch([delivery({ eventName: "ticket updated", statusId: 2 })], known);
    expect(derived.outcomes[0]).toMatchObject({ outcome: "ignored" });
  });

  it("logs a live repeat but not a recovered delivery that the live one beat", () => {
    const seen = { ...nothingKnown, seenDeliveries: new Set(["conn:d1"]) };
    const live = planBatch([delivery({})], seen);
    const recovered = planBatch([{ ...delivery({}), recoveredFrom: "delivery_log" }], seen);
    expect(live.deliveryRows.map((row) => row.outcome)).toEqual(["repeated"]);
    expect(recovered.deliveryRows).toEqual([]);
    expect(recovered.outcomes[0]).toMatchObject({ outcome: "repeated" });
  });

  it("logs rejections without a delivery id", () => {
    const plan = planBatch([{ type: "rejection", connectionId: "conn", reason: "Wrong webhook username or password" }], nothingKnown);
    expect(plan.deliveryRows).toEqual([
      expect.objectContaining({ outcome: "rejected", haloDeliveryId: null, reason: "Wrong webhook username or password" }),
    ]);
    expect(plan.outcomes).toEqual([]);
  });

  describe("ticket summary and customer", () => {
    const known = (summary: string | null, clientName: string | null) => ({
      ...nothingKnown,
      ticketStates: new Map([[ticketKey("conn", 42), { statusId: 1, agentId: 3, summary, clientName, asOf: null }]]),
    });

    it("stores them with the ticket and puts them on the live row", () => {
      const plan = planBatch([delivery({})], nothingKnown);
      expect(plan.ticketStates).toEqual([expect.objectContaining({ ticketId: 42, summary: "Printer on fire", clientName: "Contoso" })]);
      expect(plan.events[0]?.row).toMatchObject({ ticketSummary: "Printer on fire", clientName: "Contoso" });
    });

    it("lets a later delivery update the summary, and keeps the last known one when a delivery lacks it", () => {
      const renamed = planBatch([delivery({ ticketSummary: "Printer fixed?" })], known("Printer on fire", "Contoso"));
      expect(renamed.ticketStates[0]).toMatchObject({ summary: "Printer fixed?", clientName: "Contoso" });
      const silent = planBatch([delivery({ ticketSummary: null, clientName: null })], known("Printer on fire", "Contoso"));
      expect(silent.ticketStates[0]).toMatchObject({ summary: "Printer on fire", clientName: "Contoso" });
      expect(silent.events[0]?.row).toMatchObject({ ticketSummary: "Printer on fire", clientName: "Contoso" });
    });

    it("keeps none when the connection's summaries are switched off", () => {
      const job = delivery({});
      if (job.type !== "delivery") throw new Error("unreachable");
      const plan = planBatch([{ ...job, connection: { ...connection, showTicketSummaries: false } }], known("Old", "Old Co"));
      expect(plan.ticketStates[0]).toMatchObject({ summary: null, clientName: null });
      expect(plan.events[0]?.row).toMatchObject({ ticketSummary: null, clientName: null });
    });
  });
});

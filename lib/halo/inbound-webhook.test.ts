import { describe, expect, it } from "vitest";
import {
  attributedAgentId,
  classifyHaloDelivery,
  type HaloDelivery,
  nextTicketState,
  parseHaloDelivery,
  parseHaloTimestamp,
} from "./inbound-webhook";

// Shaped like the payload captured from a live tenant (notes §3.3), text fields included on purpose.
function capturedPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "0E6A3B9C-1F2D-4C5B-9A8E-7D6C5B4A3F21",
    webhook_id: "5b1f3c2e-8a7d-4e6f-9b0c-1d2e3f4a5b6c",
    notification_id: 41,
    escmsg_id: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
    event: "ticket status changed",
    message: "The status has been changed for Ticket ID: 0004242.",
    object_id: 4242,
    agent_id: 3,
    timestamp: "2026-09-25T06:41:08.7895915Z",
    ticket: {
      id: 4242,
      summary: "Printer on fire in accounts",
      client_name: "Contoso",
      details: "Smoke everywhere, please help",
      status_id: 9,
      tickettype_id: 25,
      client_id: 1,
      team_id: 5,
      agent_id: 3,
      customfields: [],
      hasbeenclosed: true,
    },
    ...overrides,
  };
}

function parsed(payload: unknown): HaloDelivery {
  const result = parseHaloDelivery(payload);
  if (!result.ok) throw new Error(`expected a delivery, got: ${result.reason}`);
  return result.delivery;
}

describe("parseHaloDelivery", () => {
  it("reads the captured status-change payload", () => {
    expect(parsed(capturedPayload())).toEqual({
      deliveryId: "0e6a3b9c-1f2d-4c5b-9a8e-7d6c5b4a3f21",
      webhookId: "5b1f3c2e-8a7d-4e6f-9b0c-1d2e3f4a5b6c",
      eventName: "ticket status changed",
      occurredAt: new Date("2026-09-25T06:41:08.789Z"),
      ticketId: 4242,
      ticketAgentId: 3,
      actingAgentId: 3,
      statusId: 9,
      statusName: null,
      action: null,
      timestampNote: null,
      ticketSummary: "Printer on fire in accounts",
      clientName: "Contoso",
    });
  });

  it("uses the receive time for a timestamp more than five minutes ahead of it, and says why", () => {
    const receivedAt = new Date("2026-09-25T06:41:00Z");
    const farFuture = parseHaloDelivery(capturedPayload({ timestamp: "9999-12-31T23:59:59Z" }), receivedAt);
    expect(farFuture).toMatchObject({
      ok: true,
      delivery: {
        occurredAt: receivedAt,
        timestampNote: "Halo's timestamp 9999-12-31T23:59:59.000Z was more than 5 minutes after the delivery arrived; the arrival time was used",
      },
    });
    const slightlyAhead = parseHaloDelivery(capturedPayload({ timestamp: "2026-09-25T06:45:59Z" }), receivedAt);
    expect(slightlyAhead).toMatchObject({ ok: true, delivery: { occurredAt: new Date("2026-09-25T06:45:59Z"), timestampNote: null } });
  });

  it("keeps the summary line and customer but no ticket content", () => {
    const delivery = parsed(
      capturedPayload({ action: { note: "Secret customer note", who_agentid: 3, emailbody: "hello" } }),
    );
    const serialised = JSON.stringify(delivery);
    for (const text of ["Smoke", "Secret", "hello", "status has been changed"]) {
      expect(serialised).not.toContain(text);
    }
  });

  it("degrades gracefully when the summary or customer is missing, blank or not text", () => {
    const ticket = (extra: Record<string, unknown>) => capturedPayload({ ticket: { id: 4242, status_id: 9, agent_id: 3, ...extra } });
    expect(parsed(ticket({}))).toMatchObject({ ticketSummary: null, clientName: null });
    expect(parsed(ticket({ summary: "   ", client_name: 12 }))).toMatchObject({ ticketSummary: null, clientName: null });
    expect(parsed(ticket({ summary: null, client_name: { name: "x" } }))).toMatchObject({ ticketSummary: null, clientName: null });
  });

  it("makes a summary one line and caps its length", () => {
    const delivery = parsed(capturedPayload({ ticket: { id: 1, summary: "  VPN\r\n down\t for  \u0007everyone ", client_name: " Contoso  Ltd " } }));
    expect(delivery).toMatchObject({ ticketSummary: "VPN down for everyone", clientName: "Contoso Ltd" });
    const long = parsed(capturedPayload({ ticket: { id: 1, summary: "x".repeat(1000), client_name: "y".repeat(1000) } }));
    expect(long.ticketSummary).toHaveLength(300);
    expect(long.ticketSummary!.endsWith("…")).toBe(true);
    expect(long.clientName).toHaveLength(200);
  });

  it("accepts ids as numbers, decimals and strings", () => {
    const delivery = parsed(
      capturedPayload({ agent_id: "7", ticket: { id: "4242.0", status_id: 2.0, agent_id: "0012", status_name: " In Progress " } }),
    );
    expect(delivery).toMatchObject({ ticketId: 4242, statusId: 2, ticketAgentId: 12, actingAgentId: 7, statusName: "In Progress" });
  });

  it("finds the ticket under `object` when there is no `ticket`", () => {
    const delivery = parsed(capturedPayload({ ticket: undefined, object: { id: 77, status_id: 1, agent_id: 4 } }));
    expect(delivery).toMatchObject({ ticketId: 77, statusId: 1, ticketAgentId: 4 });
  });

  it("reads ticket fields from the top level and the id from object_id", () => {
    const delivery = parsed(capturedPayload({ ticket: undefined, object_id: "0004243", status_id: 4, agent_id: 6 }));
    expect(delivery).toMatchObject({ ticketId: 4243, statusId: 4, ticketAgentId: 6, actingAgentId: 6 });
  });

  it("falls back to object_id when the nested ticket has no id", () => {
    expect(parsed(capturedPayload({ ticket: { status_id: 9, agent_id: 3 } })).ticketId).toBe(4242);
  });

  it("reads an action's author: end user or agent", () => {
    expect(parsed(capturedPayload({ action: { actionby_user_id: 55, who_agentid: 0 } })).action).toEqual({ isEndUser: true });
    expect(parsed(capturedPayload({ action: { actionby_user_id: 55, who_agentid: 3 } })).action).toEqual({ isEndUser: false });
    expect(parsed(capturedPayload({ action: { who_agentid: "3" } })).action).toEqual({ isEndUser: false });
  });

  it.each([
    [null, "expected a JSON object, got null"],
    ["hello", 'expected a JSON object, got "hello"'],
    [[capturedPayload()], "expected one delivery object but got a list (turn batching off on the Halo webhook)"],
    [capturedPayload({ id: 4242 }), "\"id\" should be the delivery's GUID, got 4242"],
    [capturedPayload({ id: undefined }), "\"id\" should be the delivery's GUID, got nothing"],
    [capturedPayload({ event: "" }), '"event" (the event name) is missing, got ""'],
    [capturedPayload({ event: 12 }), '"event" (the event name) is missing, got 12'],
    [capturedPayload({ timestamp: "yesterday" }), '"timestamp" should be an ISO-8601 date and time, got "yesterday"'],
    [capturedPayload({ timestamp: "2026-02-31T10:00:00Z" }), '"timestamp" should be an ISO-8601 date and time, got "2026-02-31T10:00:00Z"'],
    [
      capturedPayload({ ticket: { id: "abc" }, object_id: null }),
      'no ticket id: looked for ticket.id, object.id, ticket_id and object_id, found "abc"',
    ],
    [
      capturedPayload({ ticket: undefined, object_id: -5 }),
      "no ticket id: looked for ticket.id, object.id, ticket_id and object_id, found -5",
    ],
  ])("rejects %j with a clear reason", (payload, reason) => {
    expect(parseHaloDelivery(payload)).toEqual({ ok: false, reason });
  });
});

describe("parseHaloTimestamp", () => {
  it.each([
    ["2026-09-25T06:41:08.7895915Z", "2026-09-25T06:41:08.789Z"],
    ["2026-09-25T06:41:08.9999999Z", "2026-09-25T06:41:08.999Z"],
    ["2026-09-25T06:41:08Z", "2026-09-25T06:41:08.000Z"],
    ["2026-09-25T06:41:08.5Z", "2026-09-25T06:41:08.500Z"],
    ["2026-09-25T06:41:08.7895915", "2026-09-25T06:41:08.789Z"],
    ["2026-09-25T08:41:08.123+02:00", "2026-09-25T06:41:08.123Z"],
    ["2026-09-25T01:11:08.123-0530", "2026-09-25T06:41:08.123Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
  ])("%s → %s", (input, expected) => {
    expect(parseHaloTimestamp(input)?.toISOString()).toBe(expected);
  });

  it.each(["", "2026-13-01T00:00:00Z", "2026-09-25", "2025-02-29T00:00:00Z", "2026-09-25T24:00:00Z", "1727246468", "0099-09-25T06:41:08Z", "0000-01-01T00:00:00Z", "99-09-25T06:41:08Z"])(
    "rejects %j",
    (input) => {
      expect(parseHaloTimestamp(input)).toBeNull();
    },
  );
});

describe("classifyHaloDelivery", () => {
  const previous = { statusId: 2, agentId: 3 };

  it.each([
    ["new ticket logged", "ticket_created"],
    ["ticket status changed", "status_changed"],
    ["ticket reassigned", "agent_assigned"],
    ["Ticket Assigned", "agent_assigned"],
    ["end-user update", "user_replied"],
    ["End User Update", "user_replied"],
    ["ticket logged", "ticket_created"],
    ["ticket closed", "status_changed"],
    ["customer replied", "user_replied"],
    ["user email received… reply", "user_replied"],
  ])("%j → %s by name", (event, kind) => {
    expect(classifyHaloDelivery(parsed(capturedPayload({ event })), previous)).toEqual({ kind, derived: false });
  });

  it("derives a status change from a vague event name", () => {
    const delivery = parsed(capturedPayload({ event: "ticket updated" }));
    expect(classifyHaloDelivery(delivery, { statusId: 2, agentId: 3 })).toEqual({ kind: "status_changed", derived: true });
  });

  it("derives an assignment from a vague event name", () => {
    const delivery = parsed(capturedPayload({ event: "ticket updated", ticket: { id: 4242, status_id: 2, agent_id: 8 } }));
    expect(classifyHaloDelivery(delivery, { statusId: 2, agentId: 3 })).toEqual({ kind: "agent_assigned", derived: true });
  });

  it("derives a user reply from an end-user action", () => {
    const delivery = parsed(
      capturedPayload({ event: "action added", ticket: { id: 4242, status_id: 2, agent_id: 3 }, action: { actionby_user_id: 9 } }),
    );
    expect(classifyHaloDelivery(delivery, { statusId: 2, agentId: 3 })).toEqual({ kind: "user_replied", derived: true });
  });

  it("ignores a vague event when nothing changed", () => {
    const delivery = parsed(capturedPayload({ event: "ticket updated", ticket: { id: 4242, status_id: 2, agent_id: 3 } }));
    expect(classifyHaloDelivery(delivery, { statusId: 2, agentId: 3 })).toEqual({
      ignored: true,
      reason: "event \"ticket updated\" is not one WorkSights follows, and ticket 4242's status and agent are unchanged",
    });
  });

  it("ignores an unknown event with no earlier state", () => {
    const delivery = parsed(capturedPayload({ event: "invoice paid" }));
    expect(classifyHaloDelivery(delivery, null)).toEqual({
      ignored: true,
      reason: "event \"invoice paid\" is not one WorkSights follows, and there is no earlier state of ticket 4242 to compare with",
    });
  });

  it("does not treat an unknown earlier value as a change", () => {
    const delivery = parsed(capturedPayload({ event: "ticket updated" }));
    expect(classifyHaloDelivery(delivery, { statusId: null, agentId: null })).toMatchObject({ ignored: true });
  });
});

describe("attributedAgentId and nextTicketState", () => {
  it("prefers the ticket's agent over the top-level agent", () => {
    expect(attributedAgentId(parsed(capturedPayload({ agent_id: 7, ticket: { id: 1, agent_id: 3 } })))).toBe(3);
  });

  it("falls back to the top-level agent", () => {
    expect(attributedAgentId(parsed(capturedPayload({ agent_id: 7, ticket: { id: 1 } })))).toBe(7);
  });

  it("returns null for unassigned tickets", () => {
    expect(attributedAgentId(parsed(capturedPayload({ agent_id: 7, ticket: { id: 1, agent_id: 1 } })))).toBeNull();
    expect(attributedAgentId(parsed(capturedPayload({ agent_id: "1", ticket: { id: 1 } })))).toBeNull();
    expect(attributedAgentId(parsed(capturedPayload({ agent_id: undefined, ticket: { id: 1 } })))).toBeNull();
  });

  it("remembers the latest known status and agent", () => {
    const delivery = parsed(capturedPayload({ ticket: { id: 4242, status_id: 9 } }));
    expect(nextTicketState(delivery, { statusId: 2, agentId: 3 })).toEqual({ statusId: 9, agentId: 3 });
    expect(nextTicketState(delivery, null)).toEqual({ statusId: 9, agentId: null });
  });
});

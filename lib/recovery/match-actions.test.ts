import { describe, expect, it } from "vitest";
import type { HaloEventKind } from "@/lib/halo/inbound-webhook";
import { matchEntriesToActions, type ClassifiedAction, type MissedEntry } from "./match-actions";

const t = (seconds: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, seconds));
const action = (id: number, kind: HaloEventKind, second: number, actorAgentId: number | null = null): ClassifiedAction<number> => ({
  action: id,
  kind,
  at: t(second),
  actorAgentId,
});
const entry = (id: string, second: number, kind: HaloEventKind | null = null): MissedEntry => ({ logEntryId: id, loggedAt: t(second), kind });

describe("matching bodiless log entries to ticket actions", () => {
  it("gives each entry the latest action at or before it, newest first, with the ticket's agent now", () => {
    const matches = matchEntriesToActions({
      ticketId: 7,
      entries: [entry("e1", 1), entry("e2", 3)],
      actions: [action(1, "ticket_created", 0), action(2, "status_changed", 2)],
      currentAgentId: 4,
      stored: [],
    });
    expect(matches.map((match) => [match.entry.logEntryId, match.outcome, match.outcome === "derived" ? [match.action.action, match.ticketAgentId] : null])).toEqual([
      ["e2", "derived", [2, 4]],
      ["e1", "derived", [1, 4]],
    ]);
  });

  it("says an action was already stored when a live delivery of the same kind and time exists", () => {
    const [match] = matchEntriesToActions({
      ticketId: 7,
      entries: [entry("e1", 5)],
      actions: [action(2, "status_changed", 4)],
      currentAgentId: 4,
      stored: [{ kind: "status_changed", occurredAt: t(4), agentId: 4 }],
    });
    expect(match?.outcome).toBe("present");
  });

  it("takes the agent before a later reassignment from a stored delivery, or gives up plainly", () => {
    const actions = [action(2, "status_changed", 10), action(3, "agent_assigned", 20)];
    const known = matchEntriesToActions({
      ticketId: 7,
      entries: [entry("e1", 11)],
      actions,
      currentAgentId: 5,
      stored: [{ kind: "ticket_created", occurredAt: t(1), agentId: 3 }],
    });
    expect(known[0]).toMatchObject({ outcome: "derived", ticketAgentId: 3 });
    const unknown = matchEntriesToActions({ ticketId: 7, entries: [entry("e1", 11)], actions, currentAgentId: 5, stored: [] });
    expect(unknown[0]).toMatchObject({ outcome: "unrecoverable", reason: expect.stringContaining("whose ticket 7 was") });
    // An agent's own action still goes to that agent, as a live delivery without the ticket's agent would.
    const byActor = matchEntriesToActions({
      ticketId: 7,
      entries: [entry("e1", 11)],
      actions: [action(2, "status_changed", 10, 6), action(3, "agent_assigned", 20)],
      currentAgentId: 5,
      stored: [],
    });
    expect(byActor[0]).toMatchObject({ outcome: "derived", ticketAgentId: null });
  });

  it("counts an entry with no action in its window, or of another kind, as unrecoverable", () => {
    const matches = matchEntriesToActions({
      ticketId: 7,
      entries: [entry("late", 60 * 30), entry("kind", 10, "user_replied")],
      actions: [action(2, "status_changed", 5)],
      currentAgentId: 4,
      stored: [],
    });
    expect(matches.map((match) => match.outcome)).toEqual(["unrecoverable", "unrecoverable"]);
  });
});

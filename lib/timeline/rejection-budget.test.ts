import { describe, expect, it } from "vitest";
import { RejectionBudget } from "./rejection-budget";

describe("rejection budget", () => {
  it("records up to the budget per minute, then only counts, and reports the count when the next minute starts", () => {
    let now = 0;
    const budget = new RejectionBudget(3, () => now);
    const decisions = Array.from({ length: 5 }, () => budget.take("c1"));
    expect(decisions.map((decision) => decision.record)).toEqual([true, true, true, false, false]);
    expect(decisions.every((decision) => decision.summary === null)).toBe(true);

    expect(budget.take("c2").record).toBe(true);

    now = 60_000;
    const next = budget.take("c1");
    expect(next).toEqual({
      record: true,
      summary: "2 more refused deliveries within one minute were counted but not logged one by one",
    });
    expect(budget.take("c1").summary).toBeNull();
  });

  it("says nothing when nothing was dropped", () => {
    let now = 0;
    const budget = new RejectionBudget(3, () => now);
    budget.take("c1");
    now = 120_000;
    expect(budget.take("c1")).toEqual({ record: true, summary: null });
  });
});

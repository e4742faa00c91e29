import { describe, expect, it } from "vitest";
import { removalConfirmation } from "@/components/team/removal-confirmation";

const members = [
  { id: "olivia", name: "Olivia", managerId: null },
  { id: "mia", name: "Mia", managerId: "olivia" },
  { id: "ada", name: "Ada", managerId: "mia" },
  { id: "bob", name: "Bob", managerId: "mia" },
];

describe("removal confirmation", () => {
  it("says who a removed manager's reports will report to", () => {
    expect(removalConfirmation(members[1]!, members)).toBe(
      "Remove Mia from the workspace? Their timeline activity is removed too.\n\nTheir 2 reports (Ada, Bob) will report to Olivia instead.",
    );
  });

  it("says no one when the removed manager reports to no one", () => {
    expect(removalConfirmation({ id: "x", name: "X" }, [{ id: "x", name: "X", managerId: null }, { id: "y", name: "Y", managerId: "x" }])).toContain(
      "Their report (Y) will report to no one instead.",
    );
  });

  it("asks the plain question for someone without reports", () => {
    expect(removalConfirmation(members[2]!, members)).toBe("Remove Ada from the workspace? Their timeline activity is removed too.");
  });
});

import { describe, expect, it } from "vitest";
import { describeCycle, flattenOrgTree, reassignmentOnRemoval, reportingCycle, subtreeOf, type OrgPerson } from "./org-tree";

// Olivia (admin) ← Mia (manager) ← { Ada, Bob ← Cy }, Nick (manager) ← Dee; Eve reports to no one.
const people: OrgPerson[] = [
  { id: "olivia", name: "Olivia", managerId: null },
  { id: "mia", name: "Mia", managerId: "olivia" },
  { id: "ada", name: "Ada", managerId: "mia" },
  { id: "bob", name: "Bob", managerId: "mia" },
  { id: "cy", name: "Cy", managerId: "bob" },
  { id: "nick", name: "Nick", managerId: "olivia" },
  { id: "dee", name: "Dee", managerId: "nick" },
  { id: "eve", name: "Eve", managerId: null },
];

describe("subtreeOf", () => {
  it("includes the person, direct reports and reports further down", () => {
    expect(subtreeOf(people, "mia")).toEqual(new Set(["mia", "ada", "bob", "cy"]));
    expect(subtreeOf(people, "olivia")).toEqual(new Set(["olivia", "mia", "ada", "bob", "cy", "nick", "dee"]));
  });

  it("is just the person for someone without reports, or for an unknown id", () => {
    expect(subtreeOf(people, "cy")).toEqual(new Set(["cy"]));
    expect(subtreeOf(people, "ghost")).toEqual(new Set(["ghost"]));
  });

  it("stops on a loop stored before loops were refused", () => {
    const looped: OrgPerson[] = [
      { id: "a", name: "A", managerId: "c" },
      { id: "b", name: "B", managerId: "a" },
      { id: "c", name: "C", managerId: "b" },
    ];
    expect(subtreeOf(looped, "a")).toEqual(new Set(["a", "b", "c"]));
  });
});

describe("reportingCycle", () => {
  it("names the loop a manager reporting to their own report would close", () => {
    expect(reportingCycle(people, "mia", "cy")).toEqual(["Mia", "Cy", "Bob", "Mia"]);
    expect(describeCycle(reportingCycle(people, "mia", "cy")!)).toBe("Mia → Cy → Bob → Mia");
  });

  it("refuses reporting to oneself", () => {
    expect(reportingCycle(people, "ada", "ada")).toEqual(["Ada", "Ada"]);
  });

  it("allows moves that close no loop", () => {
    expect(reportingCycle(people, "cy", "nick")).toBeNull();
    expect(reportingCycle(people, "mia", "nick")).toBeNull();
    expect(reportingCycle(people, "mia", null)).toBeNull();
  });

  it("does not hang on a loop elsewhere in stored data", () => {
    const looped: OrgPerson[] = [
      { id: "a", name: "A", managerId: "b" },
      { id: "b", name: "B", managerId: "a" },
      { id: "x", name: "X", managerId: null },
    ];
    expect(reportingCycle(looped, "x", "a")).toBeNull();
  });
});

describe("reassignmentOnRemoval", () => {
  it("hands a removed manager's direct reports to that manager's manager", () => {
    expect(reassignmentOnRemoval(people, "mia")).toEqual({ newManagerId: "olivia", reportIds: ["ada", "bob"] });
  });

  it("leaves reports with no manager when the removed person had none", () => {
    const top = people.map((person) => (person.id === "mia" ? { ...person, managerId: null } : person));
    expect(reassignmentOnRemoval(top, "mia")).toEqual({ newManagerId: null, reportIds: ["ada", "bob"] });
  });

  it("moves nobody when the removed person has no reports", () => {
    expect(reassignmentOnRemoval(people, "cy")).toEqual({ newManagerId: "bob", reportIds: [] });
  });
});

describe("flattenOrgTree", () => {
  it("lists managers before their reports, indented, names sorted per level", () => {
    expect(flattenOrgTree(people).map(({ person, depth }) => `${"  ".repeat(depth)}${person.name}`)).toEqual([
      "Eve",
      "Olivia",
      "  Mia",
      "    Ada",
      "    Bob",
      "      Cy",
      "  Nick",
      "    Dee",
    ]);
  });

  it("still lists everyone when stored data holds a loop", () => {
    const looped: OrgPerson[] = [
      { id: "a", name: "A", managerId: "b" },
      { id: "b", name: "B", managerId: "a" },
    ];
    expect(flattenOrgTree(looped).map((node) => node.person.id).sort()).toEqual(["a", "b"]);
  });
});

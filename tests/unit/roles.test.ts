import { describe, expect, it } from "vitest";
import { hasPermission } from "@/lib/auth/roles";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

describe("roles", () => {
  it.each([
    ["admin", "settings:manage", true],
    ["admin", "timeline:view", true],
    ["manager", "timeline:view", true],
    ["manager", "settings:manage", false],
    ["member", "timeline:view", true],
    ["member", "settings:manage", false],
    ["owner", "timeline:view", false],
    ["", "timeline:view", false],
  ] as const)("%s may %s: %s", (role, permission, allowed) => {
    expect(hasPermission(role, permission)).toBe(allowed);
  });
});

describe("post-sign-in destination", () => {
  it.each([
    ["/settings/team", "/settings/team"],
    ["/timeline?kind=status_changed", "/timeline?kind=status_changed"],
    ["https://evil.example/", "/timeline"],
    ["//evil.example", "/timeline"],
    ["/\\evil.example", "/timeline"],
    [undefined, "/timeline"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});

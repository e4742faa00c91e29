import { describe, expect, it } from "vitest";
import { isPrivateHost, webhookReachabilityWarning } from "./webhook-reachability";

describe("isPrivateHost", () => {
  it.each([
    ["localhost", true],
    ["app.localhost", true],
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["192.168.0.10", true],
    ["[::1]", true],
    ["fd00::1", true],
    ["nas.local", true],
    ["intranet", true],
    ["worksights.acme.com", false],
    ["8.8.8.8", false],
    ["acme.halopsa.com", false],
  ])("%s → %s", (host, expected) => {
    expect(isPrivateHost(host)).toBe(expected);
  });
});

describe("webhookReachabilityWarning", () => {
  it("warns plainly when the app is private and the tenant public", () => {
    expect(webhookReachabilityWarning("http://localhost:3000", true, "acme.halopsa.com")).toMatch(
      /^Halo will not be able to reach the webhook: .*http:\/\/localhost:3000.*acme\.halopsa\.com/,
    );
  });

  it("says nothing when both are private, the app is public, or the tenant URL is not usable yet", () => {
    expect(webhookReachabilityWarning("http://localhost:3000", true, "http://localhost:4610")).toBeNull();
    expect(webhookReachabilityWarning("http://localhost:3000", true, "http://10.0.0.5")).toBeNull();
    expect(webhookReachabilityWarning("https://worksights.acme.com", false, "acme.halopsa.com")).toBeNull();
    expect(webhookReachabilityWarning("http://localhost:3000", true, "acme")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { HaloError } from "@/lib/halo/errors";
import { refreshFailureMessage } from "./refresh-connection";

describe("refreshFailureMessage", () => {
  it.each([
    [new HaloError("invalid_client", "x", { host: "acme.halopsa.com" }), "sign-in", /no longer accepts the saved Client ID and Secret/],
    [new HaloError("dns_not_found", "x", { host: "acme.halopsa.com" }), "sign-in", /^Halo is unreachable: the address acme\.halopsa\.com could not be found/],
    [new HaloError("timeout", "x", { host: "acme.halopsa.com" }), "agents", /^Halo is unreachable: acme\.halopsa\.com did not answer in time/],
    [new HaloError("forbidden", "x"), "agents", /refused access to the agent list/],
    [new HaloError("forbidden", "x"), "webhook", /refused access to webhooks/],
    [new HaloError("rate_limited", "x"), "agents", /limiting requests/],
    [new Error("database is locked at /secret/path"), "webhook", /^Something unexpected went wrong/],
  ] as const)("explains %s during %s", (error, stage, expected) => {
    const message = refreshFailureMessage(error, stage);
    expect(message).toMatch(expected);
    expect(message).not.toContain("/secret/path");
  });
});

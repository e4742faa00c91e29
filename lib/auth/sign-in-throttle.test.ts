import { describe, expect, it } from "vitest";
import { MAX_FAILED_SIGN_INS, SignInThrottle } from "./sign-in-throttle";

describe("sign-in throttle", () => {
  it("blocks an email after five failures for the rest of the fifteen-minute window", () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS - 1; attempt++) throttle.recordFailure("a@example.com");
    expect(throttle.blockedFor("a@example.com")).toBe(0);
    throttle.recordFailure("a@example.com");
    now = 60_000;
    expect(throttle.blockedFor("a@example.com")).toBe(14 * 60_000);
    expect(throttle.blockedFor("b@example.com")).toBe(0);
    now = 15 * 60_000;
    expect(throttle.blockedFor("a@example.com")).toBe(0);
  });

  it("forgets failures after a successful sign-in", () => {
    const throttle = new SignInThrottle(() => 0);
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS - 1; attempt++) throttle.recordFailure("a@example.com");
    throttle.recordSuccess("a@example.com");
    throttle.recordFailure("a@example.com");
    expect(throttle.blockedFor("a@example.com")).toBe(0);
  });
});

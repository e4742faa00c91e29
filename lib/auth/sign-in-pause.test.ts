import { describe, expect, it } from "vitest";
import { describePause, pauseAfterFailures } from "./sign-in-pause";

describe("sign-in pauses", () => {
  it("allows four wrong passwords, then pauses 30 s and doubles up to 15 minutes", () => {
    expect([1, 2, 3, 4].map(pauseAfterFailures)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 50].map(pauseAfterFailures)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
    ]);
  });

  it("describes a pause in words", () => {
    expect(describePause(30_000)).toBe("30 seconds");
    expect(describePause(400)).toBe("1 second");
    expect(describePause(60_000)).toBe("1 minute");
    expect(describePause(61_000)).toBe("2 minutes");
  });
});

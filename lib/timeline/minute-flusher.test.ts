import { describe, expect, it } from "vitest";
import { LogLineBudget } from "./log-budget";
import { MinuteFlusher, type Clock } from "./minute-flusher";

/** A clock the test moves by hand; timers run when their time has come. */
function manualClock(start: number) {
  let now = start;
  const timers: Array<{ at: number; run: () => void }> = [];
  const clock: Clock = {
    now: () => now,
    setTimer: (run, ms) => void timers.push({ at: now + ms, run }),
  };
  return {
    clock,
    timers,
    async advanceTo(time: number) {
      now = time;
      for (const timer of timers.filter((candidate) => candidate.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const MINUTE = 60_000;
const T0 = 1_000 * MINUTE + 15_000; // 15 s into a minute

describe("MinuteFlusher", () => {
  it("flushes once just after the minute with counted work ends, with nothing else happening", async () => {
    const time = manualClock(T0);
    const flushedAt: number[] = [];
    const flusher = new MinuteFlusher((now) => void flushedAt.push(now), time.clock);
    flusher.touch();
    flusher.touch();
    expect(time.timers).toHaveLength(1);
    expect(time.timers[0]!.at).toBe(1_001 * MINUTE + 1_000);
    await time.advanceTo(1_001 * MINUTE + 999);
    expect(flushedAt).toEqual([]);
    await time.advanceTo(1_001 * MINUTE + 1_000);
    expect(flushedAt).toEqual([1_001 * MINUTE + 1_000]);
  });

  it("arms again for a later minute touched while the first timer was pending", async () => {
    const time = manualClock(T0);
    const flushedAt: number[] = [];
    const flusher = new MinuteFlusher((now) => void flushedAt.push(now), time.clock);
    flusher.touch();
    await time.advanceTo(1_001 * MINUTE + 500); // the next minute, before the first timer fires
    flusher.touch();
    await time.advanceTo(1_001 * MINUTE + 1_000);
    await time.advanceTo(1_002 * MINUTE + 1_000);
    expect(flushedAt).toEqual([1_001 * MINUTE + 1_000, 1_002 * MINUTE + 1_000]);
  });
});

describe("LogLineBudget", () => {
  it("writes the first lines of a minute, counts the rest, and writes the count when the minute ends", async () => {
    const time = manualClock(T0);
    const lines: string[] = [];
    const budget = new LogLineBudget(3, (line) => lines.push(line), (dropped, minute) => `${dropped} more in minute ${minute}`, time.clock);
    for (let index = 0; index < 5; index++) budget.log(`line ${index}`);
    expect(lines).toEqual(["line 0", "line 1", "line 2"]);
    await time.advanceTo(1_001 * MINUTE + 1_000);
    expect(lines).toEqual(["line 0", "line 1", "line 2", "2 more in minute 1000"]);
    budget.log("next minute");
    expect(lines.at(-1)).toBe("next minute");
  });

  it("writes the count before the first line of a later minute when that comes first", async () => {
    const time = manualClock(T0);
    const lines: string[] = [];
    const budget = new LogLineBudget(1, (line) => lines.push(line), (dropped) => `${dropped} more`, time.clock);
    budget.log("a");
    budget.log("b");
    await time.advanceTo(1_001 * MINUTE + 10); // before the timer's margin
    budget.log("c");
    expect(lines).toEqual(["a", "1 more", "c"]);
    await time.advanceTo(1_002 * MINUTE + 1_000);
    expect(lines).toEqual(["a", "1 more", "c"]);
  });
});

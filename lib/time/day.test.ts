import { describe, expect, it } from "vitest";
import { clockTime, dayBounds, dayOf, daySchema, fractionOfDay, hourTicks, isWithinDay, shiftDay } from "./day";

const iso = (bounds: { start: Date; end: Date }) => [bounds.start.toISOString(), bounds.end.toISOString()];

describe("dayBounds", () => {
  it("starts and ends the day at local midnight in several zones", () => {
    expect(iso(dayBounds("2026-11-30", "UTC"))).toEqual(["2026-11-30T00:00:00.000Z", "2026-12-01T00:00:00.000Z"]);
    expect(iso(dayBounds("2026-11-30", "America/New_York"))).toEqual(["2026-11-30T05:00:00.000Z", "2026-12-01T05:00:00.000Z"]);
    expect(iso(dayBounds("2026-11-30", "Asia/Kolkata"))).toEqual(["2026-11-29T18:30:00.000Z", "2026-11-30T18:30:00.000Z"]);
    expect(iso(dayBounds("2026-11-30", "Pacific/Auckland"))).toEqual(["2026-11-29T11:00:00.000Z", "2026-11-30T11:00:00.000Z"]);
    expect(dayBounds("2026-11-30", "Asia/Kolkata").hours).toBe(24);
  });

  it("is 23 hours on the spring-forward day and 25 on the fall-back day", () => {
    expect(dayBounds("2026-03-29", "Europe/London").hours).toBe(23);
    expect(dayBounds("2026-10-25", "Europe/London").hours).toBe(25);
    expect(dayBounds("2026-03-08", "America/New_York").hours).toBe(23);
    expect(dayBounds("2026-11-01", "America/New_York").hours).toBe(25);
    // Southern hemisphere: Sydney falls back in April and springs forward in October.
    expect(dayBounds("2026-04-05", "Australia/Sydney").hours).toBe(25);
    expect(dayBounds("2026-10-04", "Australia/Sydney").hours).toBe(23);
    expect(dayBounds("2026-03-29", "Asia/Tokyo").hours).toBe(24);
  });

  it("starts at the first existing time when the zone skips midnight", () => {
    // Chile moves its clocks at midnight: 6 September 2026 begins at 01:00 local.
    const bounds = dayBounds("2026-09-06", "America/Santiago");
    expect(bounds.start.toISOString()).toBe("2026-09-06T04:00:00.000Z");
    expect(bounds.hours).toBe(23);
  });
});

describe("hourTicks", () => {
  it("labels each elapsed hour with the local clock: a gap on 23-hour days, a repeat on 25-hour days", () => {
    const spring = hourTicks(dayBounds("2026-03-29", "Europe/London"), "Europe/London").map((tick) => tick.hour);
    expect(spring.slice(0, 4)).toEqual([0, 2, 3, 4]);
    expect(spring).toHaveLength(23);
    const autumn = hourTicks(dayBounds("2026-10-25", "Europe/London"), "Europe/London").map((tick) => tick.hour);
    expect(autumn.slice(0, 4)).toEqual([0, 1, 1, 2]);
    expect(autumn).toHaveLength(25);
    const autumnTicks = hourTicks(dayBounds("2026-10-25", "Europe/London"), "Europe/London");
    expect(autumnTicks[12]!.fraction).toBeCloseTo(12 / 25);
  });
});

describe("positions and days", () => {
  it("places an instant by elapsed time, so the hour after a fall-back is drawn twice as wide as it reads", () => {
    const bounds = dayBounds("2026-10-25", "Europe/London");
    expect(fractionOfDay(new Date("2026-10-25T12:00:00Z"), bounds)).toBeCloseTo(13 / 25);
    expect(isWithinDay(new Date("2026-10-25T23:59:59Z"), bounds)).toBe(true);
    expect(isWithinDay(new Date("2026-10-26T00:00:00Z"), bounds)).toBe(false);
  });

  it("knows which day an instant is on in a zone", () => {
    const instant = new Date("2026-11-30T23:30:00Z");
    expect(dayOf(instant, "UTC")).toBe("2026-11-30");
    expect(dayOf(instant, "Asia/Tokyo")).toBe("2026-12-01");
    expect(dayOf(instant, "America/Los_Angeles")).toBe("2026-11-30");
    expect(clockTime(instant, "Asia/Tokyo")).toBe("08:30");
  });

  it("steps across months and years", () => {
    expect(shiftDay("2026-12-31", 1)).toBe("2027-01-01");
    expect(shiftDay("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("accepts only real dates", () => {
    expect(daySchema.safeParse("2026-02-29").success).toBe(false);
    expect(daySchema.safeParse("2028-02-29").success).toBe(true);
    expect(daySchema.safeParse("2026-1-5").success).toBe(false);
    expect(daySchema.safeParse("yesterday").success).toBe(false);
  });
});

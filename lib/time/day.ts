// Calendar days in a time zone: where a person's day starts and ends, how long it is (23, 24 or 25 hours on
// daylight-saving changes), and where an instant falls in it. Shared by the server and the browser.
import { TZDate } from "@date-fns/tz";
import { z } from "zod";

export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Use a date like 2026-11-30" })
  .refine((value) => {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return year >= 2000 && year <= 2999 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, { error: "That date does not exist" });

export interface DayBounds {
  /** The first instant of the day in the zone (midnight, or the first existing time when midnight is skipped). */
  start: Date;
  /** The first instant of the next day. */
  end: Date;
  /** 24, or 23 / 25 on a daylight-saving change. */
  hours: number;
}

function parts(day: string): [number, number, number] {
  return day.split("-").map(Number) as [number, number, number];
}

export function dayBounds(day: string, timeZone: string): DayBounds {
  const [year, month, date] = parts(day);
  const start = new Date(new TZDate(year, month - 1, date, timeZone).getTime());
  const end = new Date(new TZDate(year, month - 1, date + 1, timeZone).getTime());
  return { start, end, hours: (end.getTime() - start.getTime()) / 3_600_000 };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
export function dayOf(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

export function shiftDay(day: string, days: number): string {
  const [year, month, date] = parts(day);
  const shifted = new Date(Date.UTC(year, month - 1, date + days));
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** 0 at the day's start, 1 at its end; outside [0, 1) when the instant is on another day. */
export function fractionOfDay(instant: Date | number, bounds: DayBounds): number {
  const at = typeof instant === "number" ? instant : instant.getTime();
  return (at - bounds.start.getTime()) / (bounds.end.getTime() - bounds.start.getTime());
}

export function isWithinDay(instant: Date | number, bounds: DayBounds): boolean {
  const at = typeof instant === "number" ? instant : instant.getTime();
  return at >= bounds.start.getTime() && at < bounds.end.getTime();
}

/**
 * One tick per elapsed hour of the day, labelled with the local clock hour it shows: on a 23-hour day one label
 * is missing (01 → 03), on a 25-hour day one repeats (01, 01).
 */
export function hourTicks(bounds: DayBounds, timeZone: string): { fraction: number; hour: number }[] {
  const ticks: { fraction: number; hour: number }[] = [];
  for (let elapsed = 0; elapsed < bounds.hours; elapsed++) {
    const at = bounds.start.getTime() + elapsed * 3_600_000;
    ticks.push({ fraction: fractionOfDay(at, bounds), hour: new TZDate(at, timeZone).getHours() });
  }
  return ticks;
}

/** "14:05" in the zone. */
export function clockTime(instant: Date | number, timeZone: string): string {
  const local = new TZDate(typeof instant === "number" ? instant : instant.getTime(), timeZone);
  return `${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

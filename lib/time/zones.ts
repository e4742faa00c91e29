// IANA time zones, validated by the runtime's own tz database (browser and server alike).
import { z } from "zod";

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, { error: "Choose a time zone" })
  .max(64)
  .refine(isTimeZone, { error: "Choose a time zone from the list, e.g. Europe/London" });

/** Zones offered in pickers: the runtime's list, with UTC first. */
export function timeZoneOptions(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...zones.filter((zone) => zone !== "UTC")];
}

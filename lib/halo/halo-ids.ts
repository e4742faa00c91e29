// Pure helpers: Halo sends integer ids as 3, 3.0, "3", "3.0" or "0004242" depending on the endpoint.
import { z } from "zod";

const INTEGER_TEXT = /^\s*\+?(\d{1,15})(?:\.0*)?\s*$/;

/** Parses a tolerant integer id; null when the value is not a whole, non-negative number. */
export function toHaloInt(value: unknown): number | null {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0 ? value : null;
  }
  if (typeof value === "string") {
    const match = INTEGER_TEXT.exec(value);
    return match ? Number(match[1]) : null;
  }
  return null;
}

/** zod: a tolerant integer id (≥ 0). */
export const haloIntSchema = z.unknown().optional().transform((value, ctx) => {
  const parsed = toHaloInt(value);
  if (parsed === null) {
    ctx.addIssue({ code: "custom", message: `expected a whole number, got ${describe(value)}` });
    return z.NEVER;
  }
  return parsed;
});

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Lower-case GUID without braces, or null. */
export function toHaloGuid(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = GUID.exec(value.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** Tolerant boolean: true/false, "true"/"false", 1/0. */
export function toHaloBool(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return /^(true|1|yes)$/i.test(value.trim());
  return false;
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 39)}…` : value}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

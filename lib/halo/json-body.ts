// Pure helper: Halo's JSON comes with varying content types, sometimes a BOM, sometimes no body.

export type JsonBody = { ok: true; value: unknown } | { ok: false };

/** Parses a response body; an empty body is `null`. Never throws. */
export function parseJsonBody(text: string): JsonBody {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Only same-site relative paths may be used as a post-sign-in destination (no open redirects). */
export function safeCallbackPath(raw: unknown, fallback = "/timeline"): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  return raw;
}

/** Comparable form of an email address: trimmed and lower-cased; null when there is nothing to compare. */
export function normalizeEmail(email: string | null | undefined): string | null {
  if (email == null) return null;
  const normalized = email.trim().toLowerCase();
  return normalized.length > 0 ? normalized : null;
}

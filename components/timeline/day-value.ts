const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether a date field's value is a finished day worth filtering by. While someone types a year digit by digit,
 * Chromium already reports 0002-01-01, 0020-01-01…; those are not applied, so the URL and the list wait for the
 * fourth digit.
 */
export function isCompleteDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

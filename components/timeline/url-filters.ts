import { TIMELINE_KINDS, type TimelineFilters, type TimelineKind } from "@/lib/timeline/types";

/**
 * Filters as they appear in the page URL: `?person=<userId>&kind=<kind>&service=<connectionId>&from=YYYY-MM-DD&to=YYYY-MM-DD`
 * (local days).
 */
export interface UrlFilters {
  person: string;
  kind: TimelineKind | "";
  /** A Halo connection's id: its rows only. */
  service: string;
  from: string;
  to: string;
}

export const EMPTY_URL_FILTERS: UrlFilters = { person: "", kind: "", service: "", from: "", to: "" };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readUrlFilters(params: URLSearchParams): UrlFilters {
  const kind = params.get("kind") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    person: params.get("person") ?? "",
    kind: (TIMELINE_KINDS as readonly string[]).includes(kind) ? (kind as TimelineKind) : "",
    service: params.get("service") ?? "",
    from: DAY.test(from) ? from : "",
    to: DAY.test(to) ? to : "",
  };
}

export function urlFiltersToSearch(filters: UrlFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API's filters: local calendar days become instants (start of the first day, end of the last). */
export function toApiFilters(filters: UrlFilters): TimelineFilters {
  return {
    ...(filters.person ? { userId: filters.person } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.service ? { connectionId: filters.service } : {}),
    ...(filters.from ? { from: new Date(`${filters.from}T00:00:00`).toISOString() } : {}),
    ...(filters.to ? { to: new Date(`${filters.to}T23:59:59.999`).toISOString() } : {}),
  };
}

export function hasActiveFilters(filters: UrlFilters): boolean {
  return Boolean(filters.person || filters.kind || filters.service || filters.from || filters.to);
}

"use client";

import { Field, Select, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { TIMELINE_KIND_LABELS, TIMELINE_KINDS, type TimelineKind } from "@/lib/timeline/types";
import { hasActiveFilters, type UrlFilters } from "./url-filters";

type Props = {
  filters: UrlFilters;
  people: { id: string; name: string }[];
  onChange: (filters: UrlFilters) => void;
};

export function TimelineFilterBar({ filters, people, onChange }: Props) {
  const set = (patch: Partial<UrlFilters>) => onChange({ ...filters, ...patch });
  const rangeError = filters.from && filters.to && filters.from > filters.to ? "The start must be on or before the end" : null;
  return (
    <form
      role="search"
      aria-label="Filter the timeline"
      className="grid grid-cols-2 gap-3 border-b border-slate-200 px-4 py-4 sm:px-6 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end"
      onSubmit={(event) => event.preventDefault()}
    >
      <Field id="filter-person" label="Person">
        <Select id="filter-person" value={filters.person} onChange={(event) => set({ person: event.target.value })}>
          <option value="">Everyone</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="filter-kind" label="Activity">
        <Select id="filter-kind" value={filters.kind} onChange={(event) => set({ kind: event.target.value as TimelineKind | "" })}>
          <option value="">All activity</option>
          {TIMELINE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {TIMELINE_KIND_LABELS[kind]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="filter-from" label="From" error={rangeError}>
        <TextInput id="filter-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(event) => set({ from: event.target.value })} />
      </Field>
      <Field id="filter-to" label="To">
        <TextInput id="filter-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(event) => set({ to: event.target.value })} />
      </Field>
      <Button variant="ghost" className="col-span-2 lg:col-span-1" disabled={!hasActiveFilters(filters)} onClick={() => onChange({ person: "", kind: "", from: "", to: "" })}>
        Clear filters
      </Button>
    </form>
  );
}

"use client";

import { useState } from "react";
import { Field, Select, TextInput } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { TIMELINE_KIND_LABELS, TIMELINE_KINDS, type TimelineKind } from "@/lib/timeline/types";
import { isCompleteDay } from "./day-value";
import { EMPTY_URL_FILTERS, hasActiveFilters, type UrlFilters } from "./url-filters";

type Props = {
  filters: UrlFilters;
  people: { id: string; name: string }[];
  /** The organization's Halo connections; the "Service" filter shows when there are two or more. */
  services: { id: string; name: string }[];
  onChange: (filters: UrlFilters) => void;
};

export const FIRST_FILTER_ID = "filter-person";

/**
 * A date field that applies its day only once it is complete (a four-digit year), so typing 01/01/2020 does not
 * filter by year 0002 on the way or rewrite the URL on every key. Emptying it applies when the field is left.
 */
function DayInput({ id, value, min, max, onCommit }: { id: string; value: string; min?: string; max?: string; onCommit: (day: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [applied, setApplied] = useState(value);
  if (value !== applied) {
    // The URL changed from elsewhere (Clear filters, back button): show that.
    setApplied(value);
    setDraft(value);
  }
  return (
    <TextInput
      id={id}
      type="date"
      value={draft}
      min={min}
      max={max}
      onChange={(event) => {
        const next = event.target.value;
        setDraft(next);
        if (isCompleteDay(next) && next !== value) onCommit(next);
      }}
      onBlur={() => {
        if (draft === "" && value !== "") onCommit("");
      }}
    />
  );
}

export function TimelineFilterBar({ filters, people, services, onChange }: Props) {
  const set = (patch: Partial<UrlFilters>) => onChange({ ...filters, ...patch });
  const rangeError = filters.from && filters.to && filters.from > filters.to ? "The start must be on or before the end" : null;
  return (
    <form
      role="search"
      aria-label="Filter the timeline"
      className={`grid grid-cols-2 gap-3 border-b border-slate-200 px-4 py-4 sm:px-6 lg:items-end ${
        services.length > 1 ? "lg:grid-cols-[1fr_1fr_1fr_auto_auto_auto]" : "lg:grid-cols-[1fr_1fr_auto_auto_auto]"
      }`}
      onSubmit={(event) => event.preventDefault()}
    >
      <Field id={FIRST_FILTER_ID} label="Person">
        <Select id={FIRST_FILTER_ID} value={filters.person} onChange={(event) => set({ person: event.target.value })}>
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
      {services.length > 1 ? (
        <Field id="filter-service" label="Service">
          <Select id="filter-service" value={filters.service} onChange={(event) => set({ service: event.target.value })}>
            <option value="">All services</option>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field id="filter-from" label="From" error={rangeError}>
        <DayInput id="filter-from" value={filters.from} max={filters.to || undefined} onCommit={(from) => set({ from })} />
      </Field>
      <Field id="filter-to" label="To">
        <DayInput id="filter-to" value={filters.to} min={filters.from || undefined} onCommit={(to) => set({ to })} />
      </Field>
      <Button
        variant="ghost"
        className="col-span-2 lg:col-span-1"
        disabled={!hasActiveFilters(filters)}
        onClick={() => {
          onChange(EMPTY_URL_FILTERS);
          // The button is disabled once nothing is filtered: focus goes back to the first filter, not to the page.
          document.getElementById(FIRST_FILTER_ID)?.focus();
        }}
      >
        Clear filters
      </Button>
    </form>
  );
}

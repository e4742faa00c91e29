"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { initialsOf } from "@/components/shell/app-shell";
import { Card, EmptyState } from "@/components/ui/card";
import { Select, TextInput } from "@/components/ui/field";
import { cx } from "@/components/ui/cx";
import { SCOPED_QUERY_ROOT } from "@/components/timeline/timeline-cache";
import { avatarColour } from "@/components/timeline/timeline-row";
import { useTimelineStream } from "@/components/timeline/use-timeline-stream";
import { apiFetch } from "@/lib/api/client-fetch";
import type { DayMarks, TeamDay, TeamDayPerson } from "@/lib/day/team-day";
import { TIMELINE_KINDS, type TimelineRow } from "@/lib/timeline/types";
import { DayBar } from "./day-bar";
import { DayLegend } from "./day-legend";
import { KIND_STYLE } from "./kinds";

type Props = { initial: TeamDay; team: "mine" | "everyone" };
type Sort = "name" | "activity";
type MarksByPerson = Record<string, DayMarks>;

const ROW_HEIGHT = 76;

export function TeamDayView({ initial, team }: Props) {
  const queryClient = useQueryClient();
  const [sort, setSort] = useState<Sort>("name");
  const [search, setSearch] = useState("");
  const dayKey = [SCOPED_QUERY_ROOT, "team-day", initial.day, team] as const;
  const summary = useQuery({
    queryKey: dayKey,
    queryFn: () => apiFetch<TeamDay>(`/api/team-day?${new URLSearchParams({ day: initial.day, team })}`),
    initialData: initial,
    staleTime: Infinity,
  });
  const data = summary.data;
  const marksKey = [SCOPED_QUERY_ROOT, "team-day-marks", data.day, team, data.latestEventId] as const;
  const marks = useQuery({
    queryKey: marksKey,
    queryFn: () =>
      apiFetch<{ marks: MarksByPerson }>(`/api/team-day/marks?${new URLSearchParams({ day: data.day, team, upTo: String(data.latestEventId) })}`).then(
        (body) => body.marks,
      ),
    staleTime: Infinity,
  });

  const people = useMemo(() => new Map(data.people.map((person) => [person.id, person])), [data.people]);
  const addLive = useCallback(
    (rows: TimelineRow[]) => {
      for (const row of rows) {
        const person = people.get(row.person.id);
        if (!person) continue;
        const at = Date.parse(row.occurredAt);
        const start = Date.parse(person.start);
        if (at < start || at >= Date.parse(person.end)) continue;
        queryClient.setQueryData<TeamDay>(dayKey, (current) =>
          current && {
            ...current,
            people: current.people.map((entry) =>
              entry.id === person.id ? { ...entry, total: entry.total + 1, counts: { ...entry.counts, [row.kind]: entry.counts[row.kind] + 1 } } : entry,
            ),
          },
        );
        queryClient.setQueryData<MarksByPerson>(marksKey, (current) => {
          const existing = current?.[person.id] ?? { at: [], kind: [], ticket: [] };
          return {
            ...current,
            [person.id]: {
              at: [...existing.at, Math.round((at - start) / 1000)],
              kind: [...existing.kind, TIMELINE_KINDS.indexOf(row.kind)],
              ticket: [...existing.ticket, row.ticketId],
            },
          };
        });
      }
    },
    // The keys are rebuilt each render from stable values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [people, queryClient, data.day, team, data.latestEventId],
  );
  const status = useTimelineStream(initial.latestEventId, addLive);

  const shown = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const filtered = needle ? data.people.filter((person) => person.name.toLocaleLowerCase().includes(needle)) : data.people;
    const sorted = [...filtered];
    if (sort === "activity") sorted.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
    else sorted.sort((a, b) => a.name.localeCompare(b.name));
    return sorted;
  }, [data.people, search, sort]);

  const list = useRef<HTMLUListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setScrollMargin((list.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [shown.length]);
  const virtualizer = useWindowVirtualizer({ count: shown.length, estimateSize: () => ROW_HEIGHT, overscan: 6, scrollMargin });

  return (
    <Card>
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3 sm:px-6">
        <div className="min-w-40 flex-1">
          <label htmlFor="day-search" className="mb-1 block text-xs font-medium text-slate-600">
            Search by name
          </label>
          <TextInput id="day-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name" />
        </div>
        <div className="w-40">
          <label htmlFor="day-sort" className="mb-1 block text-xs font-medium text-slate-600">
            Sort by
          </label>
          <Select id="day-sort" value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
            <option value="name">Name</option>
            <option value="activity">Activity</option>
          </Select>
        </div>
        <span role="status" data-testid="live-indicator" data-status={status} className="ml-auto pb-2 text-xs font-medium text-slate-600">
          {status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…"}
        </span>
      </div>
      <div className="border-b border-slate-100 px-4 py-2 sm:px-6">
        <DayLegend barHint />
      </div>
      {shown.length === 0 ? (
        <EmptyState title={data.people.length === 0 ? "No one to show yet" : "No one matches"}>
          {data.people.length === 0
            ? "People appear here once their Halo agent is mapped or they have activity."
            : "Try another name."}
        </EmptyState>
      ) : (
        <ul ref={list} aria-label={`People, ${shown.length}`} className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const person = shown[item.index]!;
            return (
              <li
                key={person.id}
                ref={virtualizer.measureElement}
                data-index={item.index}
                data-testid="day-row"
                data-person={person.name}
                className="absolute inset-x-0 border-b border-slate-100 px-4 py-2 sm:px-6"
                style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
              >
                <PersonRow person={person} organizationTimeZone={data.organizationTimeZone} day={data.day} marks={marks.data?.[person.id]} loading={marks.isPending} />
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

type RowProps = { person: TeamDayPerson; organizationTimeZone: string; day: string; marks: DayMarks | undefined; loading: boolean };

function PersonRow({ person, organizationTimeZone, day, marks, loading }: RowProps) {
  return (
    <div className="grid grid-cols-[2.25rem_minmax(0,1fr)] items-start gap-x-3 gap-y-1 md:grid-cols-[2.25rem_14rem_minmax(0,1fr)]">
      <span aria-hidden className={cx("flex size-9 items-center justify-center rounded-full text-sm font-semibold", avatarColour(person.id))}>
        {initialsOf(person.name)}
      </span>
      <div className="min-w-0">
        <Link href={`/people/${person.id}?${new URLSearchParams({ day })}`} className="block truncate text-sm font-medium text-slate-900 hover:underline">
          {person.name}
        </Link>
        {person.timeZone !== organizationTimeZone || person.hours !== 24 ? (
          <p className="truncate text-[11px] text-slate-600">
            {person.timeZone}
            {person.hours !== 24 ? ` · ${person.hours} h day` : ""}
          </p>
        ) : null}
        <p className="flex flex-wrap gap-1 text-[11px]" aria-label={`${person.total} events`} data-testid="day-counts">
          {person.total === 0 ? <span className="text-slate-600">No activity</span> : null}
          {TIMELINE_KINDS.filter((kind) => person.counts[kind] > 0).map((kind) => (
            <span key={kind} className={cx("rounded px-1 font-medium", KIND_STYLE[kind].chip)} title={KIND_STYLE[kind].label}>
              {person.counts[kind]} {KIND_STYLE[kind].short}
            </span>
          ))}
        </p>
      </div>
      <div className={cx("col-span-2 md:col-span-1", loading && "animate-pulse")}>
        <DayBar personName={person.name} timeZone={person.timeZone} start={person.start} end={person.end} hours={person.hours} marks={marks} />
      </div>
    </div>
  );
}

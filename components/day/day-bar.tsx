"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import type { DayMarks } from "@/lib/day/team-day";
import { haloTicketNumber } from "@/lib/halo/links";
import { clockTime, hourTicks, type DayBounds } from "@/lib/time/day";
import { KIND_STYLE, kindAt } from "./kinds";

type Props = {
  personName: string;
  timeZone: string;
  start: string;
  end: string;
  hours: number;
  marks: DayMarks | undefined;
};

const HEIGHT = 28;

/** Index order of marks by time, so hover and arrow keys can walk them. */
function sortedOrder(marks: DayMarks | undefined): number[] {
  if (!marks) return [];
  return marks.at.map((_, index) => index).sort((a, b) => marks.at[a]! - marks.at[b]!);
}

/**
 * A 24-hour (23 / 25 on daylight-saving days) bar with one mark per event at its local time, drawn on a canvas so
 * hundreds of marks cost one paint. One tab stop; ← → Home End step through the events, hover shows the nearest.
 */
export function DayBar({ personName, timeZone, start, end, hours, marks }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const bounds: DayBounds = useMemo(() => ({ start: new Date(start), end: new Date(end), hours }), [start, end, hours]);
  const spanSeconds = (bounds.end.getTime() - bounds.start.getTime()) / 1000;
  const order = useMemo(() => sortedOrder(marks), [marks]);
  const ticks = useMemo(() => hourTicks(bounds, timeZone), [bounds, timeZone]);
  const count = order.length;

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    if (!element || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = width * ratio;
    element.height = HEIGHT * ratio;
    const context = element.getContext("2d");
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, HEIGHT);
    context.fillStyle = "#f1f5f9";
    context.fillRect(0, 0, width, HEIGHT);
    context.fillStyle = "#cbd5e1";
    for (const tick of ticks) {
      if (tick.fraction === 0) continue;
      context.fillRect(Math.round(tick.fraction * width), tick.hour % 6 === 0 ? 0 : HEIGHT - 6, 1, tick.hour % 6 === 0 ? HEIGHT : 6);
    }
    if (!marks) return;
    for (let index = 0; index < marks.at.length; index++) {
      context.fillStyle = KIND_STYLE[kindAt(marks.kind[index]!)].colour;
      context.fillRect(Math.min(width - 2, Math.round((marks.at[index]! / spanSeconds) * width)), 4, 2, HEIGHT - 8);
    }
  }, [width, marks, ticks, spanSeconds]);

  const describe = (index: number) => {
    if (!marks) return "";
    const at = bounds.start.getTime() + marks.at[index]! * 1000;
    return `${clockTime(at, timeZone)} · ${KIND_STYLE[kindAt(marks.kind[index]!)].label} · #${haloTicketNumber(marks.ticket[index]!)}`;
  };

  const nearest = (event: MouseEvent<HTMLDivElement>) => {
    if (!marks || count === 0) return null;
    const rect = event.currentTarget.getBoundingClientRect();
    const seconds = ((event.clientX - rect.left) / rect.width) * spanSeconds;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (marks.at[order[middle]!]! < seconds) low = middle + 1;
      else high = middle;
    }
    const candidates = [low - 1, low].filter((position) => position >= 0 && position < count);
    const best = candidates.reduce((a, b) => (Math.abs(marks.at[order[a]!]! - seconds) <= Math.abs(marks.at[order[b]!]! - seconds) ? a : b));
    const pixels = (Math.abs(marks.at[order[best]!]! - seconds) / spanSeconds) * rect.width;
    return pixels <= 6 ? best : null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const moves: Record<string, (current: number | null) => number> = {
      ArrowRight: (current) => (current === null ? 0 : Math.min(count - 1, current + 1)),
      ArrowLeft: (current) => (current === null ? count - 1 : Math.max(0, current - 1)),
      Home: () => 0,
      End: () => count - 1,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    setSelected((current) => move(current));
  };

  const selectedIndex = selected !== null && selected < count ? order[selected]! : null;
  const label = `${personName}'s day in ${timeZone}${hours !== 24 ? ` (${hours} hours: clocks change)` : ""}: ${count} event${count === 1 ? "" : "s"}`;
  const sixHourLabels = ticks.filter((tick) => tick.hour % 6 === 0);

  return (
    <div className="min-w-0">
      <div
        role="group"
        tabIndex={0}
        aria-label={label}
        data-testid="day-bar"
        data-marks={count}
        data-hours={hours}
        onKeyDown={onKeyDown}
        onMouseMove={(event) => setSelected(nearest(event))}
        onMouseLeave={() => setSelected(null)}
        onBlur={() => setSelected(null)}
        className="relative rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        <canvas ref={canvas} aria-hidden className="block h-7 w-full rounded" style={{ height: HEIGHT }} />
        {selectedIndex !== null && marks ? (
          <>
            <span
              aria-hidden
              className="pointer-events-none absolute top-0 h-7 w-0.5 bg-slate-900"
              style={{ left: `${(marks.at[selectedIndex]! / spanSeconds) * 100}%` }}
            />
            <span
              role="tooltip"
              data-testid="day-bar-tooltip"
              className="pointer-events-none absolute bottom-full z-10 mb-1 -translate-x-1/2 rounded bg-slate-900 px-2 py-1 text-xs whitespace-nowrap text-white shadow"
              style={{ left: `clamp(4rem, ${(marks.at[selectedIndex]! / spanSeconds) * 100}%, calc(100% - 4rem))` }}
            >
              {describe(selectedIndex)}
            </span>
          </>
        ) : null}
        <span className="sr-only" aria-live="polite">
          {selectedIndex !== null ? describe(selectedIndex) : ""}
        </span>
      </div>
      <div aria-hidden className="relative mt-0.5 h-3 text-[10px] leading-3 text-slate-600">
        {sixHourLabels.map((tick, index) => (
          <span key={index} className="absolute -translate-x-1/2 first:translate-x-0" style={{ left: `${tick.fraction * 100}%` }}>
            {String(tick.hour).padStart(2, "0")}
          </span>
        ))}
      </div>
    </div>
  );
}

"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { cx } from "@/components/ui/cx";
import { shiftDay } from "@/lib/time/day";

const linkClasses = "rounded-md px-2.5 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

type Props = { day: string; today: string; basePath: string; params?: Record<string, string> };

/** Today / Yesterday / a date picker / previous and next day; the chosen day lives in the URL (?day=). */
export function DayNav({ day, today, basePath, params = {} }: Props) {
  const router = useRouter();
  const hrefFor = (target: string) => `${basePath}?${new URLSearchParams({ ...params, day: target })}`;
  const yesterday = shiftDay(today, -1);
  return (
    <nav aria-label="Choose a day" className="flex flex-wrap items-center gap-2">
      <Link href={hrefFor(shiftDay(day, -1))} className={linkClasses} aria-label="Previous day">
        ←
      </Link>
      <Link href={hrefFor(today)} aria-current={day === today ? "date" : undefined} className={cx(linkClasses, day === today && "bg-brand-50 text-brand-700 ring-brand-200")}>
        Today
      </Link>
      <Link href={hrefFor(yesterday)} aria-current={day === yesterday ? "date" : undefined} className={cx(linkClasses, day === yesterday && "bg-brand-50 text-brand-700 ring-brand-200")}>
        Yesterday
      </Link>
      {day < today ? (
        <Link href={hrefFor(shiftDay(day, 1))} className={linkClasses} aria-label="Next day">
          →
        </Link>
      ) : (
        <span aria-disabled="true" aria-label="Next day (not yet)" className={cx(linkClasses, "cursor-not-allowed text-slate-300")}>
          →
        </span>
      )}
      <label htmlFor="day-picker" className="sr-only">
        Day
      </label>
      <input
        id="day-picker"
        type="date"
        value={day}
        max={today}
        onChange={(event) => {
          if (/^\d{4}-\d{2}-\d{2}$/.test(event.target.value)) router.push(hrefFor(event.target.value));
        }}
        className="rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300 ring-inset"
      />
    </nav>
  );
}

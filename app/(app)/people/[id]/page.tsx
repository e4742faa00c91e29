import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DayNav } from "@/components/day/day-nav";
import { PersonDayView } from "@/components/day/person-day-view";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { personDay, visiblePerson } from "@/lib/day/person-day";
import { dayOf, daySchema } from "@/lib/time/day";
import { resolveViewerScope, scopeSeesOthers } from "@/lib/visibility/scope";

export const metadata: Metadata = { title: "Person day" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PersonDayPage({ params, searchParams }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("timeline:view", `/people/${encodeURIComponent(id)}`);
  const scope = await resolveViewerScope(actor);
  // Someone outside the viewer's people gets the same answer as someone who does not exist.
  const person = await visiblePerson(scope, id);
  if (!person) notFound();
  const today = dayOf(new Date(), person.timeZone);
  // ?at=<instant> (from a timeline row) opens the day that instant falls on in the person's zone.
  const query = await searchParams;
  const at = typeof query.at === "string" ? new Date(query.at) : null;
  const requested = daySchema.safeParse(at && !Number.isNaN(at.getTime()) ? dayOf(at, person.timeZone) : query.day);
  const day = requested.success && requested.data <= today ? requested.data : today;
  const data = await personDay(scope, person, day);
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const label = format(new TZDate(year, month - 1, date, person.timeZone), "EEEE d MMMM yyyy");
  return (
    <>
      {scopeSeesOthers(scope) ? (
        <Link href={`/team-day?day=${day}`} className="mb-2 inline-block text-sm text-brand-700 hover:underline">
          ← Team day
        </Link>
      ) : null}
      <PageHeader
        title={person.id === actor.id ? "My day" : person.name}
        description={`${label} · ${person.timeZone}${data.hours !== 24 ? ` · ${data.hours} hours (the clocks change)` : ""}`}
      />
      <div className="mb-4">
        <DayNav day={day} today={today} basePath={`/people/${person.id}`} />
      </div>
      <PersonDayView key={day} data={data} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DayNav } from "@/components/day/day-nav";
import { TeamDayView } from "@/components/day/team-day-view";
import { PageHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { teamChoiceSchema } from "@/lib/day/schemas";
import { teamDay } from "@/lib/day/team-day";
import { dayOf, daySchema } from "@/lib/time/day";
import { resolveViewerScope, scopeSeesOthers } from "@/lib/visibility/scope";
import { viewerTimeZone } from "@/lib/workspace/time-zone";

export const metadata: Metadata = { title: "Team day" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TeamDayPage({ searchParams }: Props) {
  const actor = await requirePagePermission("timeline:view", "/team-day");
  const params = await searchParams;
  const isAdmin = actor.role === "admin";
  const team = isAdmin ? (teamChoiceSchema.safeParse(params.team).data ?? "everyone") : "everyone";
  const scope = await resolveViewerScope(actor, team);
  const today = dayOf(new Date(), await viewerTimeZone(actor));
  const requested = daySchema.safeParse(params.day);
  const day = requested.success && requested.data <= today ? requested.data : today;
  if (!scopeSeesOthers(scope) && !(isAdmin && team === "mine")) redirect(`/people/${actor.id}?day=${day}`);
  const data = await teamDay(scope, day);
  const teamParams: Record<string, string> = isAdmin && team === "mine" ? { team } : {};
  return (
    <>
      <PageHeader
        title="Team day"
        description="One row per person: what they did on the day, in their own time zone. Click a name for their day in full."
      />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <DayNav day={day} today={today} basePath="/team-day" params={teamParams} />
        {isAdmin ? (
          <nav aria-label="Whose day" className="inline-flex rounded-md ring-1 ring-slate-300 ring-inset">
            {(["mine", "everyone"] as const).map((choice) => (
              <Link
                key={choice}
                href={`/team-day?${new URLSearchParams({ day, ...(choice === "mine" ? { team: "mine" } : {}) })}`}
                aria-current={team === choice ? "page" : undefined}
                className={cx("px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md", team === choice ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50")}
              >
                {choice === "mine" ? "My team" : "Everyone"}
              </Link>
            ))}
          </nav>
        ) : null}
      </div>
      <TeamDayView key={`${day}:${team}`} initial={data} team={team} />
    </>
  );
}

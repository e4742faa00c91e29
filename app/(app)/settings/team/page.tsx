import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { TeamManager } from "@/components/team/team-manager";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { listTeam } from "@/lib/team/service";
import { timeZoneOptions } from "@/lib/time/zones";
import { organizationTimeZone } from "@/lib/workspace/time-zone";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/team");
  const [members, timeZone] = await Promise.all([listTeam(actor.organizationId), organizationTimeZone(actor.organizationId)]);
  return (
    <>
      <PageHeader
        title="Team"
        description="People in your workspace and who reports to whom. Admins manage settings and see everyone; managers see the activity of everyone below them; members see their own. Halo agents are mapped to these people."
      />
      <TeamManager initialMembers={members} currentUserId={actor.id} organizationTimeZone={timeZone} timeZones={timeZoneOptions()} />
    </>
  );
}

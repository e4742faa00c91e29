import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { TeamManager } from "@/components/team/team-manager";
import { requirePagePermission } from "@/lib/auth/page-guards";
import { listTeam } from "@/lib/team/service";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const actor = await requirePagePermission("settings:manage", "/settings/team");
  const members = await listTeam(actor.organizationId);
  return (
    <>
      <PageHeader
        title="Team"
        description="People in your workspace. Admins manage settings; managers watch the timeline. Halo agents are mapped to these people."
      />
      <TeamManager initialMembers={members} currentUserId={actor.id} />
    </>
  );
}

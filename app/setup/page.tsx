import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { isWorkspaceCreated } from "@/lib/workspace/setup";

export const metadata: Metadata = { title: "Create your workspace" };

export default async function SetupPage() {
  if (await isWorkspaceCreated()) redirect("/sign-in");
  return (
    <AuthCard
      title="Create your workspace"
      subtitle="You will be its first admin. Next, you connect HaloPSA and invite your managers."
    >
      <SetupForm />
    </AuthCard>
  );
}

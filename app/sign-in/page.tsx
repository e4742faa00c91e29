import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getCurrentActor } from "@/lib/auth/page-guards";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { isWorkspaceCreated } from "@/lib/workspace/setup";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (!(await isWorkspaceCreated())) redirect("/setup");
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await getCurrentActor()) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in to WorkSights" subtitle="See what your team is doing in HaloPSA, live.">
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}

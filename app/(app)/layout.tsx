import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { getCurrentActor } from "@/lib/auth/page-guards";

// Each page runs its own guard (it knows its path for the return-after-sign-in redirect); the shell needs a person.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  if (!actor) return children;
  return <AppShell actor={actor}>{children}</AppShell>;
}

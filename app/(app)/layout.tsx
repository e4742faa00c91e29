import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { getCurrentActor } from "@/lib/auth/page-guards";
import { resolveViewerScope, scopeSeesOthers } from "@/lib/visibility/scope";

// Each page runs its own guard (it knows its path for the return-after-sign-in redirect); the shell needs a person.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const actor = await getCurrentActor();
  if (!actor) return children;
  const seesOthers = scopeSeesOthers(await resolveViewerScope(actor));
  return (
    <AppShell actor={actor} seesOthers={seesOthers}>
      {children}
    </AppShell>
  );
}

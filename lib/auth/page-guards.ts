import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { auth } from "./auth";
import { loadActor, type Actor } from "./actor";
import { hasPermission, type Permission } from "./roles";

export const getCurrentActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  return loadActor(session?.user?.id);
});

/** For pages: signed-out visitors go to sign-in and come back; signed-in people without the permission get a 403 page. */
export async function requirePagePermission(permission: Permission, returnTo: string): Promise<Actor> {
  const actor = await getCurrentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!hasPermission(actor.role, permission)) forbidden();
  return actor;
}

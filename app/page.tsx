import { redirect } from "next/navigation";
import { getCurrentActor } from "@/lib/auth/page-guards";
import { isWorkspaceCreated } from "@/lib/workspace/setup";

export default async function Home() {
  if (!(await isWorkspaceCreated())) redirect("/setup");
  const actor = await getCurrentActor();
  redirect(actor ? "/timeline" : "/sign-in");
}

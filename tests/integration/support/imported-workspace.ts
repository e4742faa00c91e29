import { expect } from "vitest";
import type { HaloSim } from "@/halo-sim/server";
import { POST as refresh } from "@/app/api/halo/connections/[connectionId]/refresh/route";
import { db } from "@/lib/db/client";
import { createWorkspaceWithPeople } from "./fixtures";
import { addDemoPeople, connectOrganizationToSim } from "./halo-connection";
import { requestAs, routeParams } from "./requests";

/**
 * A fresh workspace with the demo people, connected to `sim` (reset first) and with Halo's agents imported by a
 * Refresh Connection, as the mapping screen finds it.
 */
export async function importedDemoWorkspace(sim: HaloSim) {
  sim.reset();
  await db.organization.deleteMany();
  const people = await createWorkspaceWithPeople();
  const users = await addDemoPeople(people.organization.id);
  const connectionId = (await connectOrganizationToSim(people.organization.id, sim)).id;
  const imported = await refresh(await requestAs(people.admin.id, `/api/halo/connections/${connectionId}/refresh`, { method: "POST" }), routeParams({ connectionId }));
  expect(imported.status).toBe(200);
  return { people, users, connectionId };
}

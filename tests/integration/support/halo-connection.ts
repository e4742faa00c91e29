import { db } from "@/lib/db/client";
import { sealClientSecret } from "@/lib/connections/halo-client";
import { loadDemoTenantConfig } from "@/halo-sim/config";
import { startHaloSim, type HaloSim } from "@/halo-sim/server";

export const DEMO_PEOPLE = [
  { name: "Priya Shah", email: "priya.shah@acme-msp.example" },
  { name: "Jordan Lee", email: "jordan.lee@acme-msp.example" },
  { name: "Sam Carter", email: "sam.carter@acme-msp.example" },
  { name: "María González", email: "maria.gonzalez@acme-msp.example" },
  { name: "Tom O'Brien", email: "tom.obrien@acme-msp.example" },
];

export function startDemoSim(): Promise<HaloSim> {
  return startHaloSim({ ...loadDemoTenantConfig(), port: 0 }, { log: () => undefined });
}

/** A stored connection to the simulator, as the connect wizard leaves it, but without agents or webhook yet. */
export async function connectOrganizationToSim(organizationId: string, sim: HaloSim) {
  const config = sim.config();
  const row = await db.haloConnection.create({
    data: {
      organizationId,
      name: new URL(sim.url).host,
      tenantUrl: sim.url,
      apiBaseUrl: `${sim.url}/api`,
      tokenUrl: `${sim.url}/auth/token`,
      clientId: config.clientId,
      status: "active",
      connectedAt: new Date(),
    },
  });
  return db.haloConnection.update({
    where: { id: row.id },
    data: { clientSecretEncrypted: sealClientSecret(row.id, config.clientSecret) },
  });
}

export async function addDemoPeople(organizationId: string) {
  await db.user.createMany({ data: DEMO_PEOPLE.map((person) => ({ ...person, organizationId, role: "manager" })) });
  return db.user.findMany({ where: { organizationId } });
}

import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { invalidateIngestConnection } from "@/lib/timeline/ingest-context";
import { createConnection } from "./timeline-fixtures";
import { TEST_PASSWORD } from "./fixtures";

/**
 * Olivia (admin) ← Mia (manager) ← { Ada (member), Bob (manager) ← Cy (member) }; Olivia ← Nick (manager) ← Dee (member).
 * Halo agents 3 Ada, 4 Dee, 5 Cy, 6 Mia, 7 Olivia are mapped.
 */
export async function createOrgChart() {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const organization = await db.organization.create({ data: { name: `Chart ${Math.random().toString(36).slice(2, 8)}` } });
  const suffix = organization.id.slice(-6);
  const person = (name: string, role: string, managerId: string | null) =>
    db.user.create({
      data: { organizationId: organization.id, name, email: `${name.toLowerCase()}-${suffix}@example.com`, role, managerId, passwordHash },
    });
  const olivia = await person("Olivia", "admin", null);
  const mia = await person("Mia", "manager", olivia.id);
  const nick = await person("Nick", "manager", olivia.id);
  const ada = await person("Ada", "member", mia.id);
  const bob = await person("Bob", "manager", mia.id);
  const cy = await person("Cy", "member", bob.id);
  const dee = await person("Dee", "member", nick.id);
  const { connection, authorization } = await createConnection(organization.id, { agent3: ada.id, agent4: dee.id });
  await db.haloAgent.createMany({
    data: [
      { connectionId: connection.id, haloAgentId: 5, name: "Agent Five", userId: cy.id },
      { connectionId: connection.id, haloAgentId: 6, name: "Agent Six", userId: mia.id },
      { connectionId: connection.id, haloAgentId: 7, name: "Agent Seven", userId: olivia.id },
    ],
  });
  await invalidateIngestConnection(connection.id);
  return { organization, connection, authorization, people: { olivia, mia, nick, ada, bob, cy, dee } };
}

export const AGENT_OF = { ada: 3, dee: 4, cy: 5, mia: 6, olivia: 7 } as const;

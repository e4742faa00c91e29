import { hash } from "@node-rs/argon2";
import { scriptPrismaClient } from "./db/prisma-client.mts";

export const DEMO_PASSWORD = "worksights-demo";
export const DEMO_ADMIN_EMAIL = "alex.morgan@acme-msp.example";

// Several people here match the demo Halo tenant's agents only by name, on purpose, to show suggestions.
const DEMO_PEOPLE = [
  { name: "Alex Morgan", email: DEMO_ADMIN_EMAIL, role: "admin" },
  { name: "Priya Shah", email: "priya.shah@acme-msp.example", role: "manager" },
  { name: "Jordan Lee", email: "jordan.lee@acme-msp.example", role: "manager" },
  { name: "Sam Carter", email: "sam.carter@acme-msp.example", role: "manager" },
  { name: "María González", email: "maria.gonzalez@acme-msp.example", role: "manager" },
  { name: "Tom O'Brien", email: "tom.obrien@acme-msp.example", role: "manager" },
  { name: "Chen Wei", email: "chen.wei@acme-msp.example", role: "manager" },
] as const;

/** Seeds the demo organization once; an existing workspace is left untouched. */
export async function seedDemo(databaseUrl: string): Promise<"seeded" | "kept"> {
  const db = scriptPrismaClient(databaseUrl);
  try {
    if ((await db.user.count()) > 0) return "kept";
    const passwordHash = await hash(DEMO_PASSWORD);
    await db.organization.create({
      data: {
        name: "Acme MSP",
        users: { create: DEMO_PEOPLE.map((person) => ({ ...person, passwordHash })) },
      },
    });
    return "seeded";
  } finally {
    await db.$disconnect();
  }
}

import { hash } from "@node-rs/argon2";
import { scriptPrismaClient } from "./db/prisma-client.mts";

export const DEMO_PASSWORD = "worksights-demo";
export const DEMO_ADMIN_EMAIL = "alex.morgan@acme-msp.example";

// Several people here match the demo Halo tenant's agents only by name, on purpose, to show suggestions.
// A small org chart: Alex (admin) ← Priya (manager) ← Sam, María; Alex ← Jordan (manager) ← Tom, Chen.
const DEMO_PEOPLE = [
  { name: "Alex Morgan", email: DEMO_ADMIN_EMAIL, role: "admin", reportsTo: null },
  { name: "Priya Shah", email: "priya.shah@acme-msp.example", role: "manager", reportsTo: DEMO_ADMIN_EMAIL },
  { name: "Jordan Lee", email: "jordan.lee@acme-msp.example", role: "manager", reportsTo: DEMO_ADMIN_EMAIL },
  { name: "Sam Carter", email: "sam.carter@acme-msp.example", role: "member", reportsTo: "priya.shah@acme-msp.example" },
  { name: "María González", email: "maria.gonzalez@acme-msp.example", role: "member", reportsTo: "priya.shah@acme-msp.example" },
  { name: "Tom O'Brien", email: "tom.obrien@acme-msp.example", role: "member", reportsTo: "jordan.lee@acme-msp.example", timeZone: "America/New_York" },
  { name: "Chen Wei", email: "chen.wei@acme-msp.example", role: "member", reportsTo: "jordan.lee@acme-msp.example", timeZone: "Asia/Singapore" },
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
        timeZone: "Europe/London",
        users: {
          create: DEMO_PEOPLE.map((person) => ({
            name: person.name,
            email: person.email,
            role: person.role,
            timeZone: "timeZone" in person ? person.timeZone : null,
            passwordHash,
          })),
        },
      },
    });
    const people = await db.user.findMany({ select: { id: true, email: true } });
    const idOf = (email: string) => people.find((person) => person.email === email)?.id ?? null;
    for (const person of DEMO_PEOPLE) {
      if (person.reportsTo) await db.user.update({ where: { email: person.email }, data: { managerId: idOf(person.reportsTo) } });
    }
    return "seeded";
  } finally {
    await db.$disconnect();
  }
}

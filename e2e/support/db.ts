import { hash } from "@node-rs/argon2";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { E2E_DATABASE_URL } from "./ports";

export const testDb = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: E2E_DATABASE_URL, timeout: 5_000 }) });

export const PASSWORD = "correct-horse-battery";
export const ADMIN = { name: "Alex Morgan", email: "alex.morgan@acme-msp.example" };
export const MANAGER = { name: "Priya Shah", email: "priya.shah@acme-msp.example" };

/** The team beside the manager that the mapping specs use against the demo tenant's agents. */
export const PEOPLE = [
  { name: "Jordan Lee", email: "jordan.lee@acme-msp.example" },
  { name: "Sam Carter", email: "sam.carter@acme-msp.example" },
  { name: "María González", email: "maria.gonzalez@acme-msp.example" },
  { name: "Tom O'Brien", email: "tom.obrien@acme-msp.example" },
  { name: "Chen Wei", email: "chen.wei@acme-msp.example" },
];

export async function emptyDatabase() {
  await testDb.organization.deleteMany();
}

/** A workspace with one admin and one manager, both able to sign in with PASSWORD; extra people report to the manager. */
export async function seedWorkspace(extraPeople: { name: string; email: string }[] = []) {
  await emptyDatabase();
  const passwordHash = await hash(PASSWORD);
  const organization = await testDb.organization.create({
    data: {
      name: "Acme MSP",
      users: {
        create: [
          { ...ADMIN, role: "admin", passwordHash },
          { ...MANAGER, role: "manager", passwordHash },
          ...extraPeople.map((person) => ({ ...person, role: "manager" })),
        ],
      },
    },
  });
  const manager = await testDb.user.findUniqueOrThrow({ where: { email: MANAGER.email } });
  await testDb.user.updateMany({ where: { email: { in: extraPeople.map((person) => person.email) } }, data: { managerId: manager.id } });
  return organization;
}

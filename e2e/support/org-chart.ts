import { hash } from "@node-rs/argon2";
import { emptyDatabase, PASSWORD, testDb } from "./db";
import { connectedSimConnection } from "./halo-connection";
import { E2E_SIM_URL } from "./ports";

export const CHART = {
  alex: { name: "Alex Morgan", email: "alex.morgan@acme-msp.example", role: "admin" },
  priya: { name: "Priya Shah", email: "priya.shah@acme-msp.example", role: "manager", agent: 3 },
  jordan: { name: "Jordan Lee", email: "jordan.lee@acme-msp.example", role: "manager", agent: 4 },
  sam: { name: "Sam Carter", email: "sam.carter@acme-msp.example", role: "member", agent: 5 },
  tom: { name: "Tom O'Brien", email: "tom.obrien@acme-msp.example", role: "member", agent: 7 },
} as const;
export type ChartPerson = keyof typeof CHART;

async function sim(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${E2E_SIM_URL}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/**
 * Alex (admin) ← Priya (manager) ← Sam (member); Alex ← Jordan (manager) ← Tom (member, New York time).
 * Agents 3 Priya, 4 Jordan, 5 Sam, 7 Tom are mapped; the simulator's webhook points at the app under test.
 */
export async function seedOrgChart() {
  await sim("/_sim/reset", { body: {} });
  await emptyDatabase();
  const passwordHash = await hash(PASSWORD);
  const organization = await testDb.organization.create({ data: { name: "Acme MSP", timeZone: "UTC" } });
  const ids = {} as Record<ChartPerson, string>;
  for (const [key, person] of Object.entries(CHART) as [ChartPerson, (typeof CHART)[ChartPerson]][]) {
    const user = await testDb.user.create({
      data: {
        organizationId: organization.id,
        name: person.name,
        email: person.email,
        role: person.role,
        passwordHash,
        timeZone: key === "tom" ? "America/New_York" : null,
      },
    });
    ids[key] = user.id;
  }
  for (const [report, manager] of [["priya", "alex"], ["jordan", "alex"], ["sam", "priya"], ["tom", "jordan"]] as const) {
    await testDb.user.update({ where: { id: ids[report] }, data: { managerId: ids[manager] } });
  }
  const { connection, webhookId } = await connectedSimConnection(
    organization.id,
    (["priya", "jordan", "sam", "tom"] as const).map((key) => ({ haloAgentId: CHART[key].agent, name: CHART[key].name, userId: ids[key] })),
    3_600_000,
  );
  return { organization, connection, ids, webhookId };
}

/** A ticket logged in the simulator for a person's agent; resolves once Halo's delivery was answered. */
export async function logTicketFor(person: ChartPerson, summary: string) {
  const agent = "agent" in CHART[person] ? (CHART[person] as { agent: number }).agent : null;
  return sim("/_sim/tickets?wait=true", { body: { summary, agent_id: agent, user_name: "Grace Lin" } }) as Promise<{ ticket: { id: number } }>;
}

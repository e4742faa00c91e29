import { describe, expect, it } from "vitest";
import { loadDemoTenantConfig } from "../config";
import { api, getToken, startSim, closeServersAfterEach } from "./helpers";

closeServersAfterEach();

interface AgentRow {
  id: number;
  name: string;
  email: string;
  isdisabled: boolean;
  isapiagent: boolean;
  team: string;
  teams: { team_id: number; team_name: string }[];
  is_agent: boolean;
  initials: string;
  firstname: string;
  surname: string;
}

async function demoSim() {
  const sim = await startSim({ ...loadDemoTenantConfig(), port: 0 });
  const token = await getToken(sim);
  return { sim, token };
}

async function agentIds(response: Response): Promise<number[]> {
  expect(response.status).toBe(200);
  return ((await response.json()) as AgentRow[]).map((agent) => agent.id);
}

describe("GET /api/Agent", () => {
  it("returns a bare array of enabled agents including Unassigned but not API agents", async () => {
    const { sim, token } = await demoSim();
    const response = await api(sim, token, "/api/Agent");
    const agents = (await response.json()) as AgentRow[];
    expect(Array.isArray(agents)).toBe(true);
    expect(agents.map((agent) => agent.id)).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(agents[0]).toMatchObject({ id: 1, name: "Unassigned" });
    const maria = agents.find((agent) => agent.id === 6);
    expect(maria).toMatchObject({
      name: "Gonzalez, Maria",
      firstname: "Maria",
      surname: "Gonzalez",
      initials: "MG",
      email: "mgonzalez@helpdesk.acme-msp.example",
      isdisabled: false,
      isapiagent: false,
      is_agent: true,
      team: "Projects",
      teams: [{ team_id: 2, team_name: "Projects" }],
    });
  });

  it("honours includedisabled, includeapiagents and includeunassigned", async () => {
    const { sim, token } = await demoSim();
    expect(await agentIds(await api(sim, token, "/api/Agent?includedisabled=true"))).toContain(10);
    expect(await agentIds(await api(sim, token, "/api/Agent?includeapiagents=true"))).toContain(2);
    expect(await agentIds(await api(sim, token, "/api/Agent?includeunassigned=false"))).not.toContain(1);
    expect(await agentIds(await api(sim, token, "/api/Agent?includeenabled=false&includedisabled=true"))).toEqual([10]);
  });

  it("serves /api/Agent/me as the API login agent and /api/Agent/{id} or 404", async () => {
    const { sim, token } = await demoSim();
    const me = (await (await api(sim, token, "/api/Agent/me")).json()) as AgentRow;
    expect(me).toMatchObject({ id: 2, name: "WorkSights API", isapiagent: true, email: "api@acmemsp.example" });
    const priya = (await (await api(sim, token, "/api/Agent/3")).json()) as AgentRow;
    expect(priya.email).toBe("PRIYA.SHAH@acme-msp.example");
    expect((await api(sim, token, "/api/Agent/999")).status).toBe(404);
  });

  it("needs no scope: a token with an empty scope may list agents", async () => {
    const { sim } = await demoSim();
    const token = await getToken(sim, "");
    expect((await api(sim, token, "/api/Agent")).status).toBe(200);
  });
});

describe("permissions", () => {
  it("answers 403 with an empty body on agent and webhook calls for the Administrator role", async () => {
    const sim = await startSim({ role: "Administrator" });
    const token = await getToken(sim);
    for (const path of ["/api/Agent", "/api/Agent/me", "/api/Webhook", "/api/WebhookEvent"]) {
      const response = await api(sim, token, path);
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toBe("");
    }
    const post = await api(sim, token, "/api/Webhook", { method: "POST", body: "[]" });
    expect(post.status).toBe(403);
    expect((await api(sim, token, "/api/Tickets")).status).toBe(200);
  });

  it("answers 403 with an empty body when the token lacks the endpoint's scope", async () => {
    const sim = await startSim({ scopes: ["read:tickets", "admin:webhooks", "read:kb"] });
    const kbOnly = await getToken(sim, "read:kb");
    for (const path of ["/api/Tickets", "/api/Status", "/api/Webhook", "/api/WebhookEvent"]) {
      const response = await api(sim, kbOnly, path);
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toBe("");
    }
    const ticketsOnly = await getToken(sim, "read:tickets");
    expect((await api(sim, ticketsOnly, "/api/Tickets")).status).toBe(200);
    expect((await api(sim, ticketsOnly, "/api/Webhook")).status).toBe(403);
  });
});

describe("paths", () => {
  it("matches paths case-insensitively", async () => {
    const { sim, token } = await demoSim();
    for (const path of ["/api/agent", "/API/AGENT", "/api/Agent/", "/api/status", "/Api/TICKETS", "/api/webhook", "/api/webhookevent"]) {
      expect((await api(sim, token, path)).status, path).toBe(200);
    }
    const viaLowerCase = await fetch(`${sim.url}/AUTH/TOKEN`, { method: "POST" });
    expect(viaLowerCase.status).toBe(400);
    expect((await api(sim, token, "/api/NoSuchThing")).status).toBe(404);
  });
});

describe("statuses and tickets", () => {
  it("lists statuses as a bare array", async () => {
    const { sim, token } = await demoSim();
    const statuses = (await (await api(sim, token, "/api/Status")).json()) as { id: number; name: string; shortname: string; sequence: number }[];
    expect(statuses.map((status) => status.id)).toEqual([1, 2, 3, 4, 8, 9]);
    expect(statuses[1]).toEqual({ id: 2, name: "In Progress", shortname: "In Progress", type: 0, colour: "#f2994a", sequence: 2 });
  });

  it("wraps tickets in {record_count, tickets} and returns one ticket by id", async () => {
    const { sim, token } = await demoSim();
    const list = (await (await api(sim, token, "/api/Tickets")).json()) as { record_count: number; tickets: { id: number; agent_id: number }[] };
    expect(list.record_count).toBe(7);
    expect(list.tickets.map((ticket) => ticket.id)).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007]);
    const one = (await (await api(sim, token, "/api/Tickets/1003")).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ id: 1003, agent_id: 7, status_id: 4, team: "Field", client_name: "Acme MSP Customers", hasbeenclosed: false });
    const closed = (await (await api(sim, token, "/api/Tickets/1006?includestatus=true")).json()) as Record<string, unknown>;
    expect(closed).toMatchObject({ hasbeenclosed: true, status_name: "Closed" });
    expect((await api(sim, token, "/api/Tickets/99999")).status).toBe(404);
    const filtered = (await (await api(sim, token, "/api/Tickets?agent_id=3")).json()) as { record_count: number };
    expect(filtered.record_count).toBe(1);
  });

  it("paginates with pageinate/page_size/page_no and caps a page at 100", async () => {
    const tickets = Array.from({ length: 230 }, (_, index) => ({ summary: `Ticket ${index}`, agent_id: 3 }));
    const sim = await startSim({ tickets });
    const token = await getToken(sim);
    type Page = { record_count: number; page_no: number; page_size: number; tickets: { id: number }[] };
    const big = (await (await api(sim, token, "/api/Tickets?pageinate=true&page_size=1000&page_no=1")).json()) as Page;
    expect(big.record_count).toBe(230);
    expect(big.tickets).toHaveLength(100);
    expect(big.tickets[0]?.id).toBe(1001);
    const third = (await (await api(sim, token, "/api/Tickets?pageinate=true&page_size=1000&page_no=3")).json()) as Page;
    expect(third.tickets).toHaveLength(30);
    expect(third.tickets[0]?.id).toBe(1201);
    const small = (await (await api(sim, token, "/api/Tickets?pageinate=true&page_size=25&page_no=2")).json()) as Page;
    expect(small.tickets.map((ticket) => ticket.id)).toEqual(Array.from({ length: 25 }, (_, index) => 1026 + index));
    const unpaged = (await (await api(sim, token, "/api/Tickets")).json()) as Page;
    expect(unpaged.tickets).toHaveLength(230);
  });

  it("lists a ticket's actions with per-ticket ids", async () => {
    const { sim, token } = await demoSim();
    const created = await sim.createTicket({ summary: "Timeline", agent_id: 3 });
    await sim.changeStatus(created.ticket.id, 2);
    await sim.reply(created.ticket.id, { note: "hello" });
    const body = (await (await api(sim, token, `/api/Actions?ticket_id=${created.ticket.id}`)).json()) as {
      record_count: number;
      actions: { id: number; outcome: string; new_status?: number; note: string }[];
    };
    expect(body.actions.map((action) => [action.id, action.outcome])).toEqual([
      [1, "Logged"],
      [2, "Status Change"],
      [3, "End-user Update"],
    ]);
    expect(body.actions[1]?.new_status).toBe(2);
    expect(body.actions[2]?.note).toBe("hello");
  });
});

import { expect, type Page } from "@playwright/test";
import { MANAGER, seedWorkspace, testDb } from "./db";
import { newWebhookCredentials, registerSimWebhook, removeSimWebhook } from "./halo-connection";
import { E2E_SIM_URL } from "./ports";
import { signIn } from "./session";

// A connected workspace whose webhook is registered in the e2e simulator, for the timeline specs.
export const JORDAN = { name: "Jordan Lee", email: "jordan.lee@acme-msp.example" };
let webhookId: string | null = null;

export async function sim(path: string, body?: unknown) {
  const response = await fetch(`${E2E_SIM_URL}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
  return response.json();
}

/** A connected workspace (agents 3 → Priya, 4 → Jordan, 8 unmapped) whose webhook is registered in the simulator. */
export async function connectWorkspace() {
  await sim("/_sim/reset", {}); // tickets back to their seeded agents (1001 → 3, 1002 → 4, …)
  const organization = await seedWorkspace([JORDAN]);
  const people = await testDb.user.findMany({ where: { organizationId: organization.id } });
  const idOf = (email: string) => people.find((person) => person.email === email)!.id;
  const credentials = newWebhookCredentials();
  const connection = await testDb.haloConnection.create({
    data: {
      organizationId: organization.id,
      name: new URL(E2E_SIM_URL).host,
      tenantUrl: E2E_SIM_URL,
      apiBaseUrl: `${E2E_SIM_URL}/api`,
      tokenUrl: `${E2E_SIM_URL}/auth/token`,
      clientId: "worksights-demo",
      status: "active",
      webhookUsername: credentials.username,
      webhookPasswordHash: credentials.passwordHash,
      statusNames: JSON.stringify({ 1: "New", 2: "In Progress", 3: "Waiting on Customer", 8: "Resolved", 9: "Closed" }),
      connectedAt: new Date(Date.now() - 60_000),
      agents: {
        create: [
          { haloAgentId: 3, name: "Priya Shah", userId: idOf(MANAGER.email), mappedBy: "email" },
          { haloAgentId: 4, name: "Jordan Lee", userId: idOf(JORDAN.email), mappedBy: "email" },
          { haloAgentId: 8, name: "Dana Whitfield" },
        ],
      },
    },
  });
  webhookId = await registerSimWebhook(connection.id, credentials);
  await testDb.haloConnection.update({ where: { id: connection.id }, data: { webhookId } });
  return { connection, authorization: credentials.authorization, jordanId: idOf(JORDAN.email) };
}

/** Removes the webhook connectWorkspace registered, so the simulator stops posting to a workspace that is gone. */
export async function removeRegisteredWebhook() {
  if (!webhookId) return;
  await removeSimWebhook(webhookId);
  webhookId = null;
}

export function rows(page: Page) {
  return page.getByTestId("timeline-row");
}

export async function openTimeline(page: Page, email = MANAGER.email) {
  await signIn(page, email);
  await page.goto("/timeline");
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");
}


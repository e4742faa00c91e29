import { expect, type Page } from "@playwright/test";
import { MANAGER, seedWorkspace, testDb } from "./db";
import { connectedSimConnection, removeSimWebhook } from "./halo-connection";
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
  const registered = await connectedSimConnection(
    organization.id,
    [
      { haloAgentId: 3, name: "Priya Shah", userId: idOf(MANAGER.email) },
      { haloAgentId: 4, name: "Jordan Lee", userId: idOf(JORDAN.email) },
      { haloAgentId: 8, name: "Dana Whitfield" },
    ],
    60_000,
  );
  webhookId = registered.webhookId;
  return { connection: registered.connection, authorization: registered.authorization, jordanId: idOf(JORDAN.email) };
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


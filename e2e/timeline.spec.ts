import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, MANAGER, seedWorkspace, testDb } from "./support/db";
import { E2E_APP_URL, E2E_SIM_URL } from "./support/ports";
import { screenshot, signIn } from "./support/session";

const JORDAN = { name: "Jordan Lee", email: "jordan.lee@acme-msp.example" };
let webhookId: string | null = null;

async function sim(path: string, body?: unknown) {
  const response = await fetch(`${E2E_SIM_URL}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
  return response.json();
}

/** A connected workspace (agents 3 → Priya, 4 → Jordan, 8 unmapped) whose webhook is registered in the simulator. */
async function connectWorkspace() {
  await sim("/_sim/reset", {}); // tickets back to their seeded agents (1001 → 3, 1002 → 4, …)
  const organization = await seedWorkspace([JORDAN]);
  const people = await testDb.user.findMany({ where: { organizationId: organization.id } });
  const idOf = (email: string) => people.find((person) => person.email === email)!.id;
  // What the connect flow stores (lib/crypto/webhook-credentials, which is server-only): the password's SHA-256.
  const credentials = { username: randomBytes(12).toString("base64url"), password: randomBytes(32).toString("base64url") };
  const connection = await testDb.haloConnection.create({
    data: {
      organizationId: organization.id,
      tenantUrl: E2E_SIM_URL,
      apiBaseUrl: `${E2E_SIM_URL}/api`,
      tokenUrl: `${E2E_SIM_URL}/auth/token`,
      clientId: "worksights-demo",
      status: "active",
      webhookUsername: credentials.username,
      webhookPasswordHash: createHash("sha256").update(credentials.password).digest("hex"),
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
  const { access_token: token } = (await sim("/_sim/tokens", {})) as { access_token: string };
  const response = await fetch(`${E2E_SIM_URL}/api/Webhook`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify([
      {
        name: "WorkSights e2e",
        url: `${E2E_APP_URL}/api/webhooks/halo/${connection.id}`,
        authentication_type: 1,
        basic_username: credentials.username,
        basic_password: credentials.password,
        events: ["new ticket logged", "ticket status changed", "ticket reassigned", "end-user update"].map((name) => ({ name })),
      },
    ]),
  });
  expect(response.status).toBe(200);
  webhookId = ((await response.json()) as { id: string }).id;
  await testDb.haloConnection.update({ where: { id: connection.id }, data: { webhookId } });
  return { connection, authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`, jordanId: idOf(JORDAN.email) };
}

test.afterEach(async () => {
  if (!webhookId) return;
  const { access_token: token } = (await sim("/_sim/tokens", {})) as { access_token: string };
  await fetch(`${E2E_SIM_URL}/api/Webhook/${webhookId}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  webhookId = null;
});

function rows(page: Page) {
  return page.getByTestId("timeline-row");
}

async function openTimeline(page: Page, email = MANAGER.email) {
  await signIn(page, email);
  await page.goto("/timeline");
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");
}

test("events fired in Halo appear live, attributed and linked, without a reload", async ({ page }) => {
  await connectWorkspace();
  await openTimeline(page);
  await expect(page.getByRole("heading", { name: "Connected. Waiting for the first event" })).toBeVisible();
  await screenshot(page, "timeline-connected-empty");

  let navigations = 0;
  page.on("framenavigated", () => navigations++);

  const created = (await sim("/_sim/tickets?wait=true", { summary: "Printer on fire", agent_id: 3, user_name: "Grace Lin" })) as {
    ticket: { id: number };
  };
  const newTicket = created.ticket.id;
  await expect(rows(page).first()).toContainText(`Priya Shah logged a new ticket #${String(newTicket).padStart(7, "0")} Printer on fire for Acme MSP Customers`);
  await expect(rows(page).first().getByTestId("ticket-summary")).toHaveAttribute("title", "Printer on fire");

  await sim(`/_sim/tickets/${newTicket}/status?wait=true`, { status_id: 8 });
  await sim("/_sim/tickets/1002/assign?wait=true", { agent_id: 4 });
  await sim(`/_sim/tickets/${newTicket}/reply?wait=true`, { user_name: "Grace Lin", note: "Still broken" });
  await sim("/_sim/tickets/1001/assign?wait=true", { agent_id: 8 }); // unmapped agent: no row

  await expect(rows(page)).toHaveCount(4);
  await expect(rows(page).nth(0)).toContainText("Priya Shah got a customer reply on");
  await expect(rows(page).nth(1)).toContainText("Jordan Lee was assigned #0001002");
  await expect(rows(page).nth(2)).toContainText("Priya Shah changed the status of");
  await expect(rows(page).nth(2)).toContainText("Resolved");
  const link = rows(page).nth(1).getByRole("link", { name: /^Ticket 0001002/ });
  await expect(link).toHaveAttribute("href", `${E2E_SIM_URL}/ticket?id=1002`);
  await expect(rows(page).first().locator("time")).toHaveText("just now");
  await expect(rows(page).first().locator("time")).toHaveAttribute("title", /\d{4}/);
  expect(navigations).toBe(0);
  await screenshot(page, "timeline-live");
});

test("filters narrow the list, live rows respect them, and the URL keeps them", async ({ page }) => {
  const { jordanId } = await connectWorkspace();
  await sim("/_sim/tickets/1001/status?wait=true", { status_id: 2 });
  await sim("/_sim/tickets/1002/assign?wait=true", { agent_id: 4 }); // ticket 1002 belongs to agent 4 already
  await openTimeline(page, ADMIN.email);
  await expect(rows(page)).toHaveCount(2);

  await page.getByLabel("Person", { exact: true }).selectOption({ label: "Jordan Lee" });
  await expect(page).toHaveURL(new RegExp(`person=${jordanId}`));
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("Jordan Lee was assigned");

  await page.getByLabel("Activity", { exact: true }).selectOption({ label: "Status changes" });
  await expect(page).toHaveURL(/kind=status_changed/);
  await expect(page.getByRole("heading", { name: "Nothing matches these filters" })).toBeVisible();

  // Live: a matching event appears, a non-matching one does not.
  await sim("/_sim/tickets/1001/status?wait=true", { status_id: 8 }); // Priya's
  await sim("/_sim/tickets/1002/status?wait=true", { status_id: 9 }); // Jordan's
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("Jordan Lee changed the status of #0001002 New starter laptop for Finance for Acme MSP Customers to Closed");
  await screenshot(page, "timeline-filtered");

  await page.reload();
  await expect(page.getByLabel("Person", { exact: true })).toHaveValue(jordanId);
  await expect(page.getByLabel("Activity", { exact: true })).toHaveValue("status_changed");
  await expect(rows(page)).toHaveCount(1);

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(tomorrow);
  await expect(page).toHaveURL(new RegExp(`from=${tomorrow}`));
  await expect(page.getByRole("heading", { name: "Nothing matches these filters" })).toBeVisible();

  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/timeline$/);
  await expect(rows(page)).toHaveCount(4);
});

test("after a dropped connection the page reconnects and shows what it missed", async ({ page, context }) => {
  // Keep a handle on the page's EventSource so the test can cut it the way a network drop does.
  await page.addInitScript(() => {
    const Original = window.EventSource;
    const opened: EventSource[] = [];
    Object.assign(window, { openedEventSources: opened });
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        opened.push(this);
      }
    };
  });
  await connectWorkspace();
  await openTimeline(page);

  await context.setOffline(true);
  await page.evaluate(() => {
    const opened = (window as unknown as { openedEventSources: EventSource[] }).openedEventSources;
    const current = opened.at(-1)!;
    current.close();
    current.dispatchEvent(new Event("error"));
  });
  await expect(page.getByTestId("live-indicator")).toHaveText("Reconnecting…");
  await sim("/_sim/tickets/1001/status?wait=true", { status_id: 3 });
  await screenshot(page, "timeline-reconnecting");
  await context.setOffline(false);

  await expect(page.getByTestId("live-indicator")).toHaveText("Live", { timeout: 20_000 });
  await expect(rows(page).first()).toContainText("Priya Shah changed the status of #0001001 Outlook keeps asking for a password for Acme MSP Customers to Waiting on Customer");
});

test("admins see connection health on the HaloPSA page", async ({ page }) => {
  const { connection, authorization } = await connectWorkspace();
  await sim("/_sim/tickets/1001/status?wait=true", { status_id: 2 });
  await sim("/_sim/tickets/1003/assign?wait=true", { agent_id: 8 }); // agent 8 is not mapped
  await fetch(`${E2E_APP_URL}/api/webhooks/halo/${connection.id}`, { method: "POST", headers: { authorization }, body: "{oops" });
  await signIn(page, ADMIN.email);
  await page.goto("/settings/services/halopsa");
  await expect(page.getByRole("heading", { name: "Connection health" })).toBeVisible();
  await expect(page.getByTestId("health-unmapped")).toHaveText("1");
  await expect(page.getByText("The body is not valid JSON")).toBeVisible();
  await page.getByRole("heading", { name: "Connection health" }).scrollIntoViewIfNeeded();
  await screenshot(page, "halopsa-health");
});

import { loadDemoTenantConfig } from "../halo-sim/config";
import { startHaloSim, type HaloSim } from "../halo-sim/server";
import { expect, test, type Page } from "./support/test";
import { ADMIN, MANAGER, seedWorkspace, testDb } from "./support/db";
import { expectVisibleFocus } from "./support/focus";
import { DEMO_CLIENT_ID, simControl } from "./support/halo-connection";
import { E2E_SIM_PORT, E2E_SIM_URL } from "./support/ports";
import { screenshot, signIn } from "./support/session";

// Two Halo tenants side by side: the e2e simulator (as the first connection) and a second simulator this spec
// starts on the next port. Both run the demo tenant, so ticket #1001 exists in each.
const DEMO_CLIENT_SECRET = "demo-secret-4610-change-me";
const SECOND_PORT = E2E_SIM_PORT + 1;
const SECOND_URL = `http://localhost:${SECOND_PORT}`;
const PEOPLE = [
  { name: "Jordan Lee", email: "jordan.lee@acme-msp.example" },
  { name: "Chen Wei", email: "chen.wei@acme-msp.example" },
];

let second: HaloSim;

test.beforeAll(async () => {
  second = await startHaloSim({ ...loadDemoTenantConfig(), port: SECOND_PORT }, { log: () => undefined });
});
test.afterAll(async () => {
  await second?.close();
  await simControl("/reset", { method: "POST" });
});

const agentCard = (page: Page, haloAgentId: number) => page.locator(`[data-agent-id="${haloAgentId}"]`);

/** Maps Dana Whitfield (agent 8, whom no email matches) to Chen Wei on the mapping screen in view. */
async function mapDanaToChen(page: Page) {
  await page.getByRole("button", { name: "Map Dana Whitfield to a user" }).click();
  await page.getByLabel("Search WorkSights users").fill("chen");
  await page.getByRole("button", { name: "Map here (Dana Whitfield to Chen Wei)" }).click();
  await expect(agentCard(page, 8)).toContainText("Mapped to Chen Wei");
}

test("an admin adds a second Halo connection, renames it and maps an agent in each; a manager sees both, labelled", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await simControl("/reset", { method: "POST" });
  second.reset();
  const organization = await seedWorkspace(PEOPLE);
  await testDb.user.create({ data: { organizationId: organization.id, name: "Sky Admin", email: "sky.admin@acme-msp.example", role: "admin" } });
  await signIn(page, ADMIN.email);

  // The first connection, as an earlier wizard run left it.
  const first = await page.request.post("/api/halo/connections", { data: { tenantUrl: E2E_SIM_URL, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET } });
  expect(await first.text()).toContain('"ok":true');
  const firstName = new URL(E2E_SIM_URL).host;

  await page.goto("/settings/services");
  const list = page.getByRole("list", { name: "Halo connections" });
  await expect(list.getByTestId("service-connection")).toHaveCount(1);
  await page.getByRole("link", { name: "Add another Halo connection" }).click();
  await expect(page.getByRole("heading", { name: "Add another Halo connection", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "I have created the application, continue" }).click();

  // The same tenant again is refused before anything reaches Halo, naming the connection that has it.
  await page.getByLabel("Tenant URL").fill(`${E2E_SIM_URL.toUpperCase()}/api/`);
  await page.getByLabel("Client ID").fill(DEMO_CLIENT_ID);
  await page.getByLabel("Client Secret").fill(DEMO_CLIENT_SECRET);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "This Halo tenant is already connected" });
  await expect(refusal).toContainText(`as “${firstName}”`);
  await expect(refusal.getByRole("link", { name: `Open “${firstName}”` })).toBeVisible();
  await screenshot(page, "connect-same-tenant-refused");
  expect(await testDb.haloConnection.count()).toBe(1);

  await page.getByLabel("Tenant URL").fill(SECOND_URL);
  await page.getByLabel("Client Secret").fill(DEMO_CLIENT_SECRET);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Map agents" })).toBeFocused();
  await expect(page.getByText(`“localhost:${SECOND_PORT}” is connected`)).toBeVisible();
  await mapDanaToChen(page);
  await screenshot(page, "second-connection-mapped");
  expect(second.webhooks()).toHaveLength(1);

  // Rename it in place: Escape cancels, a taken name is refused, Enter saves; focus returns to Rename each time.
  await page.goto("/settings/services");
  await expect(list.getByTestId("service-connection")).toHaveCount(2);
  await screenshot(page, "services-two-connections");
  await list.getByRole("link", { name: `localhost:${SECOND_PORT}`, exact: true }).click();
  const rename = page.getByRole("button", { name: `Rename localhost:${SECOND_PORT}` });
  await rename.click();
  const nameField = page.getByLabel("Connection name");
  await expect(nameField).toBeFocused();
  await nameField.fill("Throwaway");
  await nameField.press("Escape");
  await expect(rename).toBeFocused();
  await expectVisibleFocus(page, "cancelling a rename");
  await expect(page.getByTestId("connection-name")).toHaveText(`localhost:${SECOND_PORT}`);

  await rename.click();
  await nameField.fill(firstName.toUpperCase());
  await nameField.press("Enter");
  await expect(page.getByText(`Another Halo connection in this workspace is already called “${firstName.toUpperCase()}”`)).toBeVisible();
  await expect(nameField).toBeFocused();
  await screenshot(page, "rename-name-taken");
  await nameField.fill("Internal ITSM");
  await nameField.press("Enter");
  await expect(page.getByTestId("connection-name")).toHaveText("Internal ITSM");
  await expect(page.getByRole("button", { name: "Rename Internal ITSM" })).toBeFocused();
  await expectVisibleFocus(page, "saving a rename");
  await expect(page.getByTestId("subscribed-users")).toHaveText("3 of 5 people have a mapped agent here");

  // Its owner is the admin who connected it, and only another admin can take it over.
  await expect(page.getByLabel("Owner")).toHaveValue((await testDb.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id);
  await expect(page.getByLabel("Owner").locator("option")).toHaveText(["Alex Morgan", "Sky Admin"]);
  await page.getByLabel("Owner").selectOption({ label: "Sky Admin" });
  await page.getByRole("button", { name: "Make owner" }).click();
  await expect(page.getByText("Sky Admin now owns this connection.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Make owner" })).toHaveCount(0);
  await expect(page.getByLabel("Owner")).toBeFocused();
  await expect(page.getByLabel("Audit trail entries")).toContainText("Made Sky Admin the owner of the Halo connection “Internal ITSM”");
  await expect(page.getByLabel("Audit trail entries")).toContainText(`Renamed the Halo connection “localhost:${SECOND_PORT}” to “Internal ITSM”`);
  await screenshot(page, "service-details");

  // Map an agent in the first connection too; Chen Wei's card names his agent in the other one.
  await page.goto("/settings/services");
  await list.getByRole("link", { name: firstName, exact: true }).click();
  await expect(page.getByTestId("connection-name")).toHaveText(firstName);
  await expect(page.locator('[data-user-email="chen.wei@acme-msp.example"]').getByTestId("other-connections")).toHaveText("Also Dana Whitfield in Internal ITSM");
  await mapDanaToChen(page);

  // Activity of Priya (agent 3) in both tenants, on tickets with the same number.
  await simControl("/tickets/1001/status?wait=true", { json: { status_id: 2 } });
  await second.changeStatus(1001, 8, { wait: true });

  const managerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const manager = await managerContext.newPage();
  await signIn(manager, MANAGER.email);
  await manager.goto("/timeline");
  const rows = manager.getByTestId("timeline-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Priya Shah changed the status of #0001001");
  await expect(rows.nth(0).getByTestId("row-service")).toHaveText("in Internal ITSM");
  await expect(rows.nth(1).getByTestId("row-service")).toHaveText(`in ${firstName}`);
  await expect(rows.nth(0).getByRole("link", { name: "Ticket 0001001 in Internal ITSM (opens in a new tab)" })).toHaveAttribute("href", `${SECOND_URL}/ticket?id=1001`);
  await expect(rows.nth(1).getByRole("link", { name: `Ticket 0001001 in ${firstName} (opens in a new tab)` })).toHaveAttribute("href", `${E2E_SIM_URL}/ticket?id=1001`);
  await screenshot(manager, "timeline-two-services");

  await manager.getByLabel("Service").selectOption({ label: "Internal ITSM" });
  await expect(manager).toHaveURL(/service=/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("row-service")).toHaveText("in Internal ITSM");
  await screenshot(manager, "timeline-filtered-by-service");
  // Her day names the service of each row too.
  await rows.first().getByRole("link", { name: "Priya Shah" }).click();
  await expect(manager.getByRole("heading", { name: "My day" })).toBeVisible();
  await expect(manager.getByTestId("row-service")).toHaveText(["in Internal ITSM", `in ${firstName}`]);
  await managerContext.close();

  // Disconnecting the second leaves the first running.
  await page.goto("/settings/services");
  await list.getByRole("link", { name: "Internal ITSM", exact: true }).click();
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText("“Internal ITSM” was disconnected and its webhook removed from Halo. Your other connections keep running.")).toBeVisible();
  await expect(page.locator("#connection-feedback")).toBeFocused();
  expect(second.webhooks()).toHaveLength(0);
  expect(await simControl("/webhooks")).toHaveLength(1);
  await page.goto("/settings/services");
  await expect(list.getByTestId("service-connection").filter({ hasText: firstName })).toContainText("Connected");
  await expect(list.getByTestId("service-connection").filter({ hasText: "Internal ITSM" })).toContainText("Disconnected");
});

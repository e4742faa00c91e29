import { expect, test, type Page } from "./support/test";
import { ADMIN, seedWorkspace, testDb } from "./support/db";
import { E2E_SIM_URL } from "./support/ports";
import { screenshot, signIn } from "./support/session";

// The e2e simulator runs the demo tenant (halo-sim/demo-tenant.json).
const CLIENT_ID = "worksights-demo";
const CLIENT_SECRET = "demo-secret-4610-change-me";

async function sim(path: string, init: { method: string; json?: unknown }) {
  const response = await fetch(`${E2E_SIM_URL}/_sim/${path}`, {
    method: init.method,
    headers: init.json === undefined ? undefined : { "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

async function openConnectStep(page: Page) {
  await signIn(page, ADMIN.email);
  await page.goto("/settings/services");
  await page.getByRole("link", { name: "Connect", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/services\/halopsa\/connect$/);
  await page.getByRole("button", { name: "I have created the application, continue" }).click();
  await expect(page.getByRole("heading", { name: "Connect to Halo" })).toBeFocused();
}

async function fillForm(page: Page, secret: string) {
  await page.getByLabel("Tenant URL").fill(`${E2E_SIM_URL}/api/`);
  await expect(page.getByTestId("tenant-preview")).toContainText(E2E_SIM_URL);
  await page.getByLabel("Client ID").fill(CLIENT_ID);
  await page.getByLabel("Client Secret").fill(secret);
}

test.beforeEach(async () => {
  await sim("reset", { method: "POST" });
  await seedWorkspace();
});

test.afterAll(async () => {
  await sim("reset", { method: "POST" });
});

test("an admin follows steps 1 and 2 and connects the demo tenant", async ({ page }) => {
  await signIn(page, ADMIN.email);
  await page.goto("/settings/services");
  await expect(page.getByRole("heading", { name: "HaloPSA" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Halo connections" })).toHaveCount(0);
  await screenshot(page, "halopsa-not-connected");
  await page.getByRole("link", { name: "Connect", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Connect HaloPSA", level: 1 })).toBeVisible();

  const steps = page.getByRole("navigation", { name: "Connect steps" });
  await expect(steps.locator('[aria-current="step"]')).toContainText("Create API application");
  await expect(page.getByText("Configuration → Integrations → Halo API")).toBeVisible();
  await expect(page.getByText("Client ID and Secret (Services)")).toBeVisible();
  await expect(page.getByText("Do not choose “Administrator” as the role")).toBeVisible();
  for (const scope of ["read:tickets", "read:customers", "read:assets", "read:contracts", "read:projects", "read:kb", "admin:webhooks"]) {
    await expect(page.getByRole("checkbox", { name: new RegExp(scope) })).toBeVisible();
    await expect(page.getByRole("button", { name: `Copy ${scope}` })).toBeVisible();
  }
  await page.getByRole("checkbox", { name: /read:tickets/ }).check();
  await expect(page.getByText("1 of 7 ticked")).toBeVisible();
  await screenshot(page, "connect-step1");

  await page.getByRole("button", { name: "I have created the application, continue" }).click();
  await expect(steps.locator('[aria-current="step"]')).toContainText("Connect");
  await expect(page.getByRole("heading", { name: "Connect to Halo" })).toBeFocused();

  // Client-side validation first, with the same messages as the server.
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByText("Enter the address you use to open Halo")).toBeVisible();
  await expect(page.getByLabel("Tenant URL")).toBeFocused();

  await fillForm(page, CLIENT_SECRET);
  await screenshot(page, "connect-step2-filled");
  await page.getByRole("button", { name: "Connect", exact: true }).click();

  await expect(steps.locator('[aria-current="step"]')).toContainText("Map agents");
  await expect(page.getByText(`“${new URL(E2E_SIM_URL).host}” is connected`)).toBeVisible();
  await expect(page.getByTestId("imported-agents")).toContainText("agent list was imported");
  await expect(page.getByRole("link", { name: "Finish" })).toBeVisible();
  await screenshot(page, "connect-step3");

  const hooks = (await sim("webhooks", { method: "GET" })) as Array<{ url: string }>;
  expect(hooks).toHaveLength(1);
  const connection = await testDb.haloConnection.findFirstOrThrow();
  expect(hooks[0]!.url).toMatch(new RegExp(`/api/webhooks/halo/${connection.id}$`));
  expect(connection.status).toBe("active");

  // The address from before several connections opens the only one.
  await page.goto("/settings/services/halopsa");
  await expect(page).toHaveURL(new RegExp(`/settings/services/halopsa/${connection.id}$`));
  await expect(page.getByText("Registered in Halo")).toBeVisible();
  await expect(page.getByText(E2E_SIM_URL, { exact: true })).toBeVisible();
  await screenshot(page, "halopsa-connected");

  // Reconnect opens step 2 with the address and Client ID filled in, never the secret, and leaves one webhook.
  await page.getByRole("link", { name: "Reconnect" }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/services/halopsa/${connection.id}/connect$`));
  await expect(page.getByRole("heading", { name: "Reconnect to Halo" })).toBeVisible();
  await expect(page.getByLabel("Tenant URL")).toHaveValue(E2E_SIM_URL);
  await expect(page.getByLabel("Client ID")).toHaveValue(CLIENT_ID);
  await expect(page.getByLabel("Client Secret")).toHaveValue("");
  await page.getByLabel("Client Secret").fill(CLIENT_SECRET);
  await page.getByRole("button", { name: "Reconnect", exact: true }).click();
  await expect(page.getByText(/” is connected/)).toBeVisible();
  const afterReconnect = (await sim("webhooks", { method: "GET" })) as Array<{ id: string }>;
  expect(afterReconnect.map((hook) => hook.id)).toEqual([(await testDb.haloConnection.findFirstOrThrow()).webhookId]);
  await page.goto("/settings/services/halopsa");

  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText(`Disconnect “${connection.name}”?`)).toBeVisible();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText(`“${connection.name}” was disconnected and its webhook removed from Halo.`)).toBeVisible();
  await expect(page.locator("#connection-feedback")).toBeFocused();
  await expect(page.getByRole("link", { name: "Connect again" })).toBeVisible();
  await screenshot(page, "halopsa-disconnected");
  expect(await sim("webhooks", { method: "GET" })).toHaveLength(0);
});

test("a wrong client secret stops at sign-in with its own message", async ({ page }) => {
  await openConnectStep(page);
  await fillForm(page, "not-the-right-secret");
  await page.getByRole("button", { name: "Connect", exact: true }).click();

  const failure = page.getByRole("alert").filter({ hasText: "Halo did not accept the sign-in" });
  await expect(failure).toContainText("didn't accept the Client ID or Client Secret");
  await expect(page.getByTestId("check-reach")).toHaveAttribute("data-state", "passed");
  await expect(page.getByTestId("check-authenticate")).toHaveAttribute("data-state", "failed");
  await expect(page.getByTestId("check-permissions")).toHaveAttribute("data-state", "waiting");
  await expect(page.getByLabel("Client Secret")).toHaveValue("");
  await expect(page.getByText("not-the-right-secret")).toHaveCount(0);
  await screenshot(page, "connect-wrong-secret");
  expect(await testDb.haloConnection.count()).toBe(0);

  // Fixing the secret and trying again works.
  await page.getByLabel("Client Secret").fill(CLIENT_SECRET);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByText(/” is connected/)).toBeVisible();
});

test("a permission that is not ticked is named", async ({ page }) => {
  await sim("config", {
    method: "PATCH",
    json: { scopes: ["read:tickets", "read:customers", "read:assets", "read:contracts", "read:projects", "read:kb"] },
  });
  await openConnectStep(page);
  await fillForm(page, CLIENT_SECRET);
  await page.getByRole("button", { name: "Connect", exact: true }).click();

  const failure = page.getByRole("alert").filter({ hasText: "Permissions are missing" });
  await expect(failure).toContainText("doesn't have the permission admin:webhooks ticked");
  await expect(page.getByTestId("check-authenticate")).toHaveAttribute("data-state", "passed");
  await expect(page.getByTestId("check-permissions")).toHaveAttribute("data-state", "failed");
  await expect(page.getByTestId("check-webhook")).toHaveAttribute("data-state", "waiting");
  await screenshot(page, "connect-missing-scope");
  expect(await testDb.haloConnection.count()).toBe(0);
  expect(await sim("webhooks", { method: "GET" })).toHaveLength(0);
});

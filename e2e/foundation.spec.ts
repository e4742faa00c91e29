import { expect, test } from "./support/test";
import { hash } from "@node-rs/argon2";
import { ADMIN, emptyDatabase, MANAGER, PASSWORD, seedWorkspace, testDb } from "./support/db";
import { screenshot, signIn } from "./support/session";

test("first run creates the workspace and its first admin", async ({ page }) => {
  await emptyDatabase();
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create your workspace" })).toBeVisible();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Enter your company's name")).toBeVisible();
  await screenshot(page, "setup-errors");

  await page.getByLabel("Company name").fill("Acme MSP");
  await page.getByLabel("Your name").fill("Alex Morgan");
  await page.getByLabel("Work email").fill("Alex.Morgan@acme-msp.example");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();

  await expect(page).toHaveURL(/\/settings\/services$/);
  await expect(page.getByRole("heading", { name: "HaloPSA" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveText("Alex Morgan");
  await screenshot(page, "services");

  await page.goto("/setup");
  await expect(page).toHaveURL(/\/timeline$/);
});

test("sign in returns to the page asked for; a wrong password is refused; sign out works", async ({ page }) => {
  await seedWorkspace();
  await page.goto("/settings/team");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fteam/);

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("don't match");
  await screenshot(page, "sign-in-wrong-password");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/team$/);

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/timeline");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a manager is refused admin pages and admin actions", async ({ page }) => {
  await seedWorkspace();
  await signIn(page, MANAGER.email);
  await expect(page).toHaveURL(/\/timeline$/);
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await screenshot(page, "timeline-empty-manager");

  const response = await page.goto("/settings/team");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You are not allowed to open this page" })).toBeVisible();
  await screenshot(page, "forbidden");

  const apiResponse = await page.request.post("/api/team", {
    data: { name: "Intruder", email: "intruder@acme-msp.example", role: "admin" },
  });
  expect(apiResponse.status()).toBe(403);
});

test("an admin adds, edits and removes a team member", async ({ page }) => {
  await seedWorkspace();
  await signIn(page, ADMIN.email);
  await page.goto("/settings/team");

  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByText("Enter a name")).toBeVisible();

  await page.locator("#new-name").fill("Jordan Lee");
  await page.locator("#new-email").fill("jordan.lee@acme-msp.example");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("Jordan Lee was added.");
  await expect(page.getByTestId("team-row").filter({ hasText: "jordan.lee@acme-msp.example" })).toBeVisible();

  await page.locator("#new-name").fill("Someone Else");
  await page.locator("#new-email").fill(MANAGER.email);
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already exists");
  await screenshot(page, "team");

  await page.getByRole("button", { name: "Edit Jordan Lee" }).click();
  await page.locator("[id^='edit-'][id$='-role']").selectOption("admin");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("team-row").filter({ hasText: "Jordan Lee" })).toContainText("Admin");

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Remove Jordan Lee" }).click();
  await expect(page.getByTestId("team-row").filter({ hasText: "Jordan Lee" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("team-row")).toHaveCount(2);
});

test("five wrong passwords pause that email for this client, with a message that says for how long", async ({ page }) => {
  // Its own person: the pause outlasts the test, and without a trusted proxy every browser here is one client.
  const lockedOut = { name: "Lou Locked", email: "lou.locked@acme-msp.example" };
  await seedWorkspace([lockedOut]);
  await testDb.user.update({ where: { email: lockedOut.email }, data: { passwordHash: await hash(PASSWORD) } });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(lockedOut.email);
  const signInButton = page.getByRole("button", { name: "Sign in" });
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    await signInButton.click();
    // The form resets its password field once the answer is in; wait for that before the next try.
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(signInButton).toBeEnabled();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("don't match");
  }
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/Too many wrong passwords .* Try again in \d+ seconds\./);
  await expect(page).toHaveURL(/\/sign-in/);
});

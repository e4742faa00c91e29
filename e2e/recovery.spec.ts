import { expect, test } from "./support/test";
import { ADMIN, MANAGER, seedWorkspace, testDb } from "./support/db";
import { connectToDemoSim, newWebhookCredentials, registerSimWebhook, removeSimWebhook, simControl } from "./support/halo-connection";
import { screenshot, signIn } from "./support/session";

let webhookId: string | null = null;

/** A connected workspace (Halo agent 3 → Priya Shah) whose webhook in the simulator posts to the app under test. */
async function connectedWorkspace() {
  await simControl("/reset", { json: {} });
  const organization = await seedWorkspace();
  const priya = await testDb.user.findFirstOrThrow({ where: { organizationId: organization.id, email: MANAGER.email } });
  const connection = await connectToDemoSim(organization.id);
  const credentials = newWebhookCredentials();
  webhookId = await registerSimWebhook(connection.id, credentials);
  await testDb.haloConnection.update({
    where: { id: connection.id },
    data: {
      webhookId,
      webhookUsername: credentials.username,
      webhookPasswordHash: credentials.passwordHash,
      statusNames: JSON.stringify({ 1: "New", 2: "In Progress", 3: "Waiting on Customer", 8: "Resolved", 9: "Closed" }),
      connectedAt: new Date(Date.now() - 60_000),
      agents: { create: [{ haloAgentId: 3, name: "Priya Shah", userId: priya.id, mappedBy: "email" }] },
    },
  });
}

test.afterEach(async () => {
  await simControl("/config", { method: "PATCH", json: { delivery: { outage: null } } });
  if (!webhookId) return;
  await removeSimWebhook(webhookId);
  webhookId = null;
});

test("Check for missed events now recovers what Halo could not deliver, shows the counts, and the rows appear live", async ({ browser, page }) => {
  await connectedWorkspace();
  // WorkSights is unreachable (Halo gets 503) while two things happen on Priya's ticket.
  await simControl("/config", { method: "PATCH", json: { delivery: { outage: 503 } } });
  await simControl("/tickets/1001/status?wait=true", { json: { status_id: 3 } });
  await simControl("/tickets/1001/reply?wait=true", { json: { note: "Any news?" } });
  await simControl("/config", { method: "PATCH", json: { delivery: { outage: null } } });

  await signIn(page, ADMIN.email);
  const timeline = await browser.newPage();
  await signIn(timeline, ADMIN.email);
  await timeline.goto("/timeline");
  await expect(timeline.getByTestId("live-indicator")).toHaveText("Live");
  await expect(timeline.getByTestId("timeline-row")).toHaveCount(0);

  await page.goto("/settings/services/halopsa");
  const section = page.getByRole("region", { name: "Missed events" });
  await expect(section.getByText("No check has run yet.")).toBeVisible();
  const button = section.getByRole("button", { name: "Check for missed events now" });
  await button.focus();
  await page.keyboard.press("Enter");

  const last = section.getByTestId("recovery-last");
  await expect(last).toContainText("by an admin");
  await expect(last.getByText("Entries read").locator("..")).toContainText("2");
  await expect(last.getByText("Recovered", { exact: true }).locator("..")).toContainText("2");
  await expect(last.getByText("Already present").locator("..")).toContainText("0");
  await expect(last.getByText("Not recoverable").locator("..")).toContainText("0");
  await expect(section.getByText("Done: 2 deliveries recovered.")).toBeVisible();
  await expect(button).not.toHaveAttribute("aria-disabled");
  await expect(button).toBeFocused();
  await expect(page.getByText(/Checked Halo's delivery log \(2 entries read\): recovered 2 missed Halo deliveries/)).toBeVisible();

  await expect(timeline.getByTestId("timeline-row")).toHaveCount(2);
  await expect(timeline.getByTestId("timeline-row").filter({ hasText: "Waiting on Customer" })).toBeVisible();

  await section.scrollIntoViewIfNeeded();
  await screenshot(page, "halopsa-recovery");
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, "halopsa-recovery-phone");
  await timeline.close();
});

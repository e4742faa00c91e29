import { expect, test, type Page } from "./support/test";
import { ADMIN, MANAGER, PASSWORD, PEOPLE, seedWorkspace, testDb } from "./support/db";
import { expectVisibleFocus, tabTo } from "./support/focus";
import { simControl } from "./support/halo-connection";
import { E2E_SIM_URL } from "./support/ports";

// Everything below is done with the keyboard alone: Tab, Shift+Tab, typing, Enter and Esc. Addresses are typed
// with page.goto, as into the address bar. After each action focus must be on an element, with a visible style.


test.use({ viewport: { width: 1280, height: 900 } });

/** MMDDYYYY, the order a US-English date field takes digits in. */
function typedDay(date: Date) {
  return `${String(date.getMonth() + 1).padStart(2, "0")}${String(date.getDate()).padStart(2, "0")}${date.getFullYear()}`;
}

function isoDay(date: Date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

async function press(page: Page, key: string, after: string) {
  await page.keyboard.press(key);
  await expectVisibleFocus(page, after);
}

test("connect, map, accept all, filter by typed dates and disconnect with the keyboard alone", async ({ page }) => {
  test.setTimeout(120_000);
  await simControl("/reset", { method: "POST" });
  await seedWorkspace(PEOPLE);

  await page.goto("/sign-in");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/sign-in/);

  // Services → Connect goes straight to the wizard.
  await page.goto("/settings/services");
  await tabTo(page, page.getByRole("main").getByRole("link", { name: "Connect" }));
  await press(page, "Enter", "Connect on the Services page");
  await expect(page).toHaveURL(/\/halopsa\/connect$/);

  await tabTo(page, page.getByRole("button", { name: "I have created the application, continue" }));
  await press(page, "Enter", "continuing to step 2");
  await expect(page.getByRole("heading", { name: "Connect to Halo" })).toBeFocused();

  await tabTo(page, page.getByRole("button", { name: "Connect", exact: true }));
  await press(page, "Enter", "an empty submit");
  await expect(page.getByLabel("Tenant URL")).toBeFocused();

  await page.keyboard.type(E2E_SIM_URL);
  await page.keyboard.press("Tab");
  await page.keyboard.type("worksights-demo");
  await page.keyboard.press("Tab");
  await page.keyboard.type("demo-secret-4610-change-me");
  await press(page, "Enter", "pressing Enter to connect (while the checks run)");
  await expect(page.getByRole("heading", { name: "Map agents" })).toBeFocused();
  await expectVisibleFocus(page, "connecting");

  // Map Dana Whitfield (nobody matches her) to Chen Wei.
  await tabTo(page, page.getByRole("button", { name: "Map Dana Whitfield to a user" }));
  await press(page, "Enter", "choosing an agent to map");
  await expect(page.getByLabel("Search WorkSights users")).toBeFocused();
  await page.keyboard.type("chen");
  await tabTo(page, page.getByRole("button", { name: "Map here (Dana Whitfield to Chen Wei)" }));
  await press(page, "Enter", "mapping Dana Whitfield");
  await expect(page.locator('[data-agent-id="8"]')).toContainText("Mapped to Chen Wei");

  await tabTo(page, page.getByRole("button", { name: /^Accept all suggestions \(\d+\)$/ }), { backwards: true });
  await press(page, "Enter", "Accept all");
  await expect(page.getByTestId("mapping-progress")).toBeFocused();
  await expect(page.getByTestId("mapping-progress")).toHaveText("6 of 7 agents mapped");

  // Some activity to filter: Priya (agent 3) changed ticket 1001 yesterday.
  const connection = await testDb.haloConnection.findFirstOrThrow();
  const priya = await testDb.user.findFirstOrThrow({ where: { email: MANAGER.email } });
  const yesterday = new Date(Date.now() - 86_400_000);
  await testDb.timelineEvent.create({
    data: { organizationId: connection.organizationId, connectionId: connection.id, userId: priya.id, haloAgentId: 3, ticketId: 1001, kind: "status_changed", statusName: "In Progress", occurredAt: yesterday },
  });

  await tabTo(page, page.getByRole("link", { name: "Finish" }));
  await press(page, "Enter", "Finish");
  await expect(page).toHaveURL(/\/timeline$/);
  await expect(page.getByRole("heading", { name: "Team timeline" })).toBeFocused();

  await tabTo(page, page.getByLabel("From", { exact: true }));
  await page.keyboard.type(typedDay(yesterday));
  await expect(page).toHaveURL(new RegExp(`from=${isoDay(yesterday)}`));
  await expectVisibleFocus(page, "typing the From day");
  await tabTo(page, page.getByLabel("To", { exact: true }));
  await page.keyboard.type(typedDay(yesterday));
  await expect(page).toHaveURL(new RegExp(`to=${isoDay(yesterday)}`));
  await expectVisibleFocus(page, "typing the To day");
  await expect(page.getByTestId("timeline-row")).toHaveCount(1);
  await expect(page.getByTestId("timeline-row")).toContainText("Priya Shah changed the status of #0001001");

  await tabTo(page, page.getByRole("button", { name: "Clear filters" }));
  await press(page, "Enter", "Clear filters");
  await expect(page).toHaveURL(/\/timeline$/);

  // Disconnect: Esc backs out of the confirmation, then the real thing.
  await page.goto("/settings/services/halopsa");
  const disconnect = page.getByRole("button", { name: "Disconnect", exact: true });
  await tabTo(page, disconnect);
  await press(page, "Enter", "Disconnect");
  await expect(page.getByRole("button", { name: "Yes, disconnect" })).toBeFocused();
  await press(page, "Escape", "Esc in the confirmation");
  await expect(page.getByRole("button", { name: "Yes, disconnect" })).toHaveCount(0);
  await expect(disconnect).toBeFocused();
  await press(page, "Enter", "Disconnect again");
  await press(page, "Enter", "Yes, disconnect");
  await expect(page.getByText(/was disconnected and its webhook removed/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect again" })).toBeVisible();
  await expectVisibleFocus(page, "disconnecting");
});

import { expect, test, type Page } from "./support/test";
import { ADMIN, MANAGER, seedWorkspace, testDb } from "./support/db";
import { screenshot, signIn } from "./support/session";
import { connectWorkspace, openTimeline, removeRegisteredWebhook, rows, sim } from "./support/timeline-workspace";

test.afterEach(removeRegisteredWebhook);

/** Stored rows for Priya (agent 3), oldest first, `secondsApart` apart and ending a minute ago. */
async function storeRows(connectionId: string, count: number, patch: (index: number) => { ticketId?: number; statusName?: string } = () => ({})) {
  const connection = await testDb.haloConnection.findUniqueOrThrow({ where: { id: connectionId } });
  const priya = await testDb.user.findFirstOrThrow({ where: { email: MANAGER.email } });
  const end = Date.now() - 60_000;
  for (let index = 0; index < count; index++) {
    const { ticketId = 2000 + index, statusName = "In Progress" } = patch(index);
    await testDb.timelineEvent.create({
      data: {
        organizationId: connection.organizationId,
        connectionId,
        userId: priya.id,
        haloAgentId: 3,
        ticketId,
        kind: "status_changed",
        statusName,
        occurredAt: new Date(end - (count - index) * 5_000),
      },
    });
  }
}

function fromUrlCount(urls: string[]) {
  return urls.filter((url) => url.includes("from=")).length;
}

async function watchUrls(page: Page) {
  const urls: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}

test("a date typed into From applies once its year is complete, with one URL change", async ({ page }) => {
  await connectWorkspace();
  await openTimeline(page);
  const urls = await watchUrls(page);
  const from = page.getByLabel("From", { exact: true });
  await from.focus();
  await page.keyboard.type("0101202");
  await expect(from).toHaveValue("0202-01-01");
  await page.waitForTimeout(300);
  expect(page.url()).not.toContain("from=");
  await page.keyboard.type("0");
  await expect(page).toHaveURL(/from=2020-01-01/);
  await expect(from).toHaveValue("2020-01-01");
  expect(fromUrlCount(urls)).toBe(1);
  await expect(from).toBeFocused();
});

test("a whole day typed into To applies and stays when the field is left", async ({ page }) => {
  await connectWorkspace();
  await openTimeline(page);
  const to = page.getByLabel("To", { exact: true });
  await to.focus();
  await page.keyboard.type("12312030");
  await expect(page).toHaveURL(/to=2030-12-31/);
  await expect(to).toHaveValue("2030-12-31");
  await page.keyboard.press("Tab");
  await expect(to).toHaveValue("2030-12-31");
  await expect(page).toHaveURL(/to=2030-12-31/);
});

test("Clear filters leaves focus on the first filter, not the page", async ({ page }) => {
  await connectWorkspace();
  await signIn(page, MANAGER.email);
  await page.goto("/timeline?kind=user_replied");
  await expect(page.getByRole("heading", { name: "Nothing matches these filters" })).toBeVisible();
  await page.getByRole("main").getByRole("button", { name: "Clear filters" }).last().click();
  await expect(page).toHaveURL(/\/timeline$/);
  await expect(page.getByLabel("Person", { exact: true })).toBeFocused();
});

test("new rows wait behind an “N new” button while the reader is down the list; the list does not move", async ({ page }) => {
  const { connection } = await connectWorkspace();
  await storeRows(connection.id, 40);
  await page.setViewportSize({ width: 1280, height: 700 });
  await openTimeline(page);
  await expect(rows(page)).toHaveCount(30);

  const reading = rows(page).nth(12);
  await page.evaluate(() => window.scrollTo(0, 900));
  const before = await reading.boundingBox();
  await sim("/_sim/tickets/1001/status?wait=true", { status_id: 3 });
  await sim("/_sim/tickets/1001/status?wait=true", { status_id: 8 });

  const showNew = page.getByRole("button", { name: "2 new events, show" });
  await expect(showNew).toBeVisible();
  expect((await reading.boundingBox())!.y).toBeCloseTo(before!.y, 0);
  await expect(rows(page)).toHaveCount(30);
  await expect(page.getByTestId("arrivals-announcement")).toContainText(/new event/);
  await screenshot(page, "timeline-new-waiting");

  await showNew.click();
  await expect(rows(page)).toHaveCount(32);
  await expect(rows(page).first()).toContainText(/Priya Shah changed the status of #0001001 .+ to Resolved/);
  await expect(page.getByRole("list", { name: "Team activity, newest first" })).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(900);
});

test("Pause holds new rows at the top too; Resume shows them; arrivals are announced politely", async ({ page }) => {
  await connectWorkspace();
  await openTimeline(page);
  const pause = page.getByRole("button", { name: "Pause live updates" });
  await pause.click();
  await expect(page.getByTestId("live-indicator")).toHaveText("Paused");
  await sim("/_sim/tickets/1001/status?wait=true", { status_id: 2 });
  await expect(page.getByRole("button", { name: "1 new event, show" })).toBeVisible();
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByTestId("arrivals-announcement")).toHaveText(/^1 new event: 1 status change\. Use the “new” button/);

  const resume = page.getByRole("button", { name: "Resume live updates" });
  await expect(resume).toBeFocused();
  await resume.click();
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByRole("button", { name: /new events?, show/ })).toHaveCount(0);
});

test("identical rows are grouped, and focus inside a row shows its exact time", async ({ page }) => {
  const { connection } = await connectWorkspace();
  await storeRows(connection.id, 4, (index) => ({ ticketId: 1001, statusName: index === 0 ? "New" : "In Progress" }));
  await openTimeline(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toContainText("3 times");
  await expect(rows(page).first()).toHaveAttribute("data-repeats", "3");

  const exact = rows(page).first().getByTestId("exact-time");
  await expect(exact).toHaveText(/^, at \d{2}:\d{2}:\d{2} – \d{2}:\d{2}:\d{2}$/);
  expect((await exact.boundingBox())!.width).toBeLessThanOrEqual(1);
  await rows(page).first().getByRole("link", { name: /Ticket 0001001/ }).focus();
  await expect.poll(async () => (await exact.boundingBox())!.width).toBeGreaterThan(40);
  await screenshot(page, "timeline-grouped-focus");
});

test("the first page of rows is in the server's HTML: it shows with JavaScript switched off", async ({ page, browser }) => {
  const { connection } = await connectWorkspace();
  await storeRows(connection.id, 3);
  await signIn(page, MANAGER.email);
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const bare = await noScript.newPage();
    await bare.goto("/timeline");
    await expect(bare.getByTestId("timeline-row")).toHaveCount(3);
    await expect(bare.getByText("Loading activity")).toHaveCount(0);
  } finally {
    await noScript.close();
  }
});

test("the 403 page has one main landmark and fits a phone screen", async ({ page }) => {
  await connectWorkspace();
  await signIn(page, MANAGER.email);
  await page.setViewportSize({ width: 390, height: 844 });
  const response = await page.goto("/settings/team");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("main")).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(844);
  await screenshot(page, "forbidden-phone");
});

test("Services → Connect opens the wizard itself", async ({ page }) => {
  await seedWorkspace();
  await signIn(page, ADMIN.email);
  await page.goto("/settings/services");
  await page.getByRole("main").getByRole("link", { name: "Connect" }).click();
  await expect(page).toHaveURL(/\/settings\/services\/halopsa\/connect$/);
  await expect(page.getByRole("heading", { name: "Connect HaloPSA" })).toBeVisible();
});

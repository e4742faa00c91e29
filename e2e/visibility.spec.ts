import { expect, test, type Page } from "./support/test";
import { PASSWORD } from "./support/db";
import { removeSimWebhook } from "./support/halo-connection";
import { CHART, logTicketFor, seedOrgChart } from "./support/org-chart";
import { screenshot, signIn } from "./support/session";

let webhookId: string | null = null;

test.afterEach(async () => {
  if (webhookId) await removeSimWebhook(webhookId);
  webhookId = null;
});

async function seeded() {
  const chart = await seedOrgChart();
  webhookId = chart.webhookId;
  return chart;
}

const dayRows = (page: Page) => page.getByTestId("day-row");
const dayRow = (page: Page, name: string) => page.locator(`[data-testid="day-row"][data-person="${name}"]`);

test("a manager sees only their team on the timeline and the day view; a member only themselves", async ({ page, browser }) => {
  const chart = await seeded();
  for (const person of ["priya", "sam", "jordan", "tom"] as const) await logTicketFor(person, `Work of ${CHART[person].name}`);

  await signIn(page, CHART.priya.email);
  await page.goto("/timeline");
  await expect(page.getByTestId("timeline-row")).toHaveCount(2);
  await expect(page.getByTestId("timeline-row").filter({ hasText: "Jordan Lee" })).toHaveCount(0);
  await expect(page.getByTestId("timeline-row").filter({ hasText: "Tom O'Brien" })).toHaveCount(0);
  const personFilter = page.getByLabel("Person", { exact: true });
  await expect(personFilter.locator("option")).toHaveText(["Everyone", "Priya Shah", "Sam Carter"]);

  await page.getByRole("link", { name: "Team day" }).click();
  await expect(dayRows(page)).toHaveCount(2);
  await expect(dayRow(page, "Priya Shah").getByTestId("day-bar")).toHaveAttribute("data-marks", "1");
  await expect(dayRow(page, "Sam Carter").getByTestId("day-counts")).toContainText("1 New");
  await screenshot(page, "team-day-manager");

  expect((await page.goto(`/people/${chart.ids.tom}`))?.status()).toBe(404);

  const member = await (await browser.newContext()).newPage();
  await signIn(member, CHART.sam.email, PASSWORD);
  await member.goto("/timeline");
  await expect(member.getByTestId("timeline-row")).toHaveCount(1);
  await expect(member.getByTestId("timeline-row")).toContainText("Sam Carter logged a new ticket");
  await expect(member.getByRole("link", { name: "Team day" })).toHaveCount(0);
  await member.goto("/team-day");
  await expect(member).toHaveURL(new RegExp(`/people/${chart.ids.sam}`));
  await expect(member.getByRole("heading", { name: "My day" })).toBeVisible();
  await expect(member.getByTestId("person-day-row")).toHaveCount(1);
  expect((await member.goto(`/people/${chart.ids.priya}`))?.status()).toBe(404);
  await member.close();
});

test("changing Reports to changes what an open manager page shows, without a reload", async ({ page, browser }) => {
  const chart = await seeded();
  await logTicketFor("tom", "Tom's ticket");
  await signIn(page, CHART.priya.email);
  await page.goto("/team-day");
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");
  await expect(dayRows(page)).toHaveCount(2);
  // A full reload would drop this marker; the live update must not need one.
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, CHART.alex.email);
  await admin.goto("/settings/team");
  await admin.getByRole("button", { name: `Edit ${CHART.tom.name}` }).click();
  await admin.getByRole("table", { name: "Team members" }).getByLabel("Reports to").selectOption({ label: CHART.priya.name });
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(admin.getByTestId("team-row").filter({ hasText: CHART.tom.name }).getByTestId("reports-to")).toHaveText(CHART.priya.name);
  await expect(admin.getByTestId("org-tree")).toBeVisible();
  await screenshot(admin, "team-reporting-lines");

  await expect(dayRows(page)).toHaveCount(3, { timeout: 5_000 });
  await expect(dayRow(page, "Tom O'Brien").getByTestId("day-bar")).toHaveAttribute("data-marks", "1");

  // A loop is refused with a message naming it.
  await admin.getByRole("button", { name: `Edit ${CHART.priya.name}` }).click();
  await admin.getByRole("table", { name: "Team members" }).getByLabel("Reports to").selectOption({ label: CHART.tom.name });
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(admin.getByRole("main").getByRole("alert").first()).toContainText("Priya Shah → Tom O'Brien → Priya Shah");
  await admin.close();
  expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  expect(chart.ids.tom).toBeTruthy();
});

test("a live event adds a mark to the day view, and the bar is keyboard reachable", async ({ page }) => {
  await seeded();
  await signIn(page, CHART.priya.email);
  await page.goto("/team-day");
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");
  const samBar = dayRow(page, "Sam Carter").getByTestId("day-bar");
  await expect(samBar).toHaveAttribute("data-marks", "0");

  await logTicketFor("sam", "VPN down for the whole office");
  await expect(samBar).toHaveAttribute("data-marks", "1");
  await expect(dayRow(page, "Sam Carter").getByTestId("day-counts")).toContainText("1 New");

  await samBar.focus();
  await page.keyboard.press("ArrowRight");
  await expect(samBar.getByTestId("day-bar-tooltip")).toContainText("New ticket · #");
  await screenshot(page, "team-day-live");

  await dayRow(page, "Sam Carter").getByRole("link", { name: "Sam Carter" }).click();
  await expect(page.getByTestId("person-day-row")).toHaveCount(1);
  await expect(page.getByTestId("person-day-row")).toContainText("VPN down for the whole office for Acme MSP Customers");
  await screenshot(page, "person-day");
});

test("the day view at phone width", async ({ page }) => {
  await seeded();
  for (const person of ["priya", "sam"] as const) await logTicketFor(person, `Phone check ${person}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, CHART.alex.email);
  await page.goto("/team-day");
  await expect(dayRows(page)).toHaveCount(4);
  await screenshot(page, "team-day-phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

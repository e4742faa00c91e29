import { expect, test } from "./support/test";
import { ADMIN } from "./support/db";
import { E2E_APP_URL, E2E_SIM_URL } from "./support/ports";
import { screenshot, signIn } from "./support/session";
import { connectWorkspace, openTimeline, removeRegisteredWebhook, rows, sim } from "./support/timeline-workspace";

test.afterEach(removeRegisteredWebhook);

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
  await expect(rows(page).first().getByTestId("exact-time")).toHaveText(/^, at \d{2}:\d{2}:\d{2}$/);
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

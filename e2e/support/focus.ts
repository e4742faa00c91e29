import { expect, type Locator, type Page } from "@playwright/test";

/** Focus is on an element (never the page body) and that element shows a focus style: an outline or a ring. */
export async function expectVisibleFocus(page: Page, after: string) {
  const focus = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body || element === document.documentElement) return { onBody: true, visible: false, what: "body" };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    // Form fields draw focus as a 2 px ring (a box-shadow); unfocused they have a 1 px one.
    const ring = /0px 0px 0px ([2-9]|\d{2,})(\.\d+)?px/.test(style.boxShadow);
    const label = element.getAttribute("aria-label") ?? element.textContent?.trim().slice(0, 60) ?? "";
    return { onBody: false, visible: outline || ring, what: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""} "${label}"` };
  });
  expect(focus.onBody, `focus fell to the page body after ${after}`).toBe(false);
  expect(focus.visible, `no visible focus style on ${focus.what} after ${after}`).toBe(true);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(page: Page, target: Locator, { backwards = false, limit = 120 } = {}) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(target, `not reached with ${limit} presses of Tab`).toBeFocused();
}

import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
export const PHONE = { width: 390, height: 844 } as const;

/** Waits until the page has loaded, its fonts are in and nothing announces itself as busy or loading. */
export async function settle(page: Page) {
  await page.waitForLoadState("load");
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !/Loading\b/.test(document.querySelector("main")?.textContent ?? ""), null, {
      timeout: 5_000,
    })
    .catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
}

/** axe-core's WCAG 2.1 A and AA rules report nothing on the page as it is now. */
export async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA_TAGS).analyze();
  const report = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")} — ${node.failureSummary?.replace(/\s+/g, " ")}`),
  }));
  expect(report, `axe WCAG 2.1 A/AA violations (${state}, ${page.viewportSize()?.width ?? "?"} px wide)`).toEqual([]);
}

/** The page does not scroll sideways; names the elements that stick out when it does. */
export async function expectNoSidewaysScroll(page: Page, state: string) {
  const overflow = await page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const clipsSideways = (element: Element | null): boolean => {
      for (let node = element?.parentElement; node; node = node.parentElement) {
        const overflowX = getComputedStyle(node).overflowX;
        if (overflowX !== "visible") return true;
      }
      return false;
    };
    const culprits = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > width + 1 && !clipsSideways(element))
      .slice(0, 6)
      .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${String(element.className).split(" ").slice(0, 4).join(".")} (right ${Math.round(element.getBoundingClientRect().right)})`);
    return { width, scrollWidth, culprits };
  });
  expect(overflow, `page scrolls sideways at ${PHONE.width} px (${state})`).toBeNull();
}

/**
 * The checks every page and state the suite reaches must pass: axe at the current (desktop) size, then, at 390 × 844,
 * no sideways scrolling and axe again. With a name, full-page screenshots at both widths go to e2e/screenshots/
 * (git-ignored). The viewport is put back afterwards.
 */
export async function auditPageState(page: Page, state: string, screenshotName?: string) {
  if (screenshotName) await page.screenshot({ path: `e2e/screenshots/${screenshotName}.png`, fullPage: true });
  await expectNoAxeViolations(page, state);
  const original = page.viewportSize();
  const focused = await describeFocus(page);
  await page.setViewportSize(PHONE);
  try {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await expectNoSidewaysScroll(page, state);
    if (screenshotName) await page.screenshot({ path: `e2e/screenshots/${screenshotName}.phone.png`, fullPage: true });
    await expectNoAxeViolations(page, `${state}, phone`);
  } finally {
    if (original) await page.setViewportSize(original);
    await restoreFocus(page, focused);
  }
}

type FocusDescription = { tag: string; id: string; text: string | null; label: string | null } | null;

function describeFocus(page: Page): Promise<FocusDescription> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    return { tag: element.tagName, id: element.id, text: element.textContent, label: element.getAttribute("aria-label") };
  });
}

// Crossing a breakpoint can redraw part of the page (the mapping lists switch scrollers), which drops focus; the
// test carries on from where it was, so focus goes back to the same control.
async function restoreFocus(page: Page, focused: FocusDescription) {
  if (!focused) return;
  // Let the redraw that the resize causes land first, or focus would go to an element about to be replaced.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.evaluate((wanted) => {
    if (document.activeElement && document.activeElement !== document.body) return;
    const match = [...document.querySelectorAll<HTMLElement>(wanted.tag)].find(
      (element) => element.id === wanted.id && element.textContent === wanted.text && element.getAttribute("aria-label") === wanted.label,
    );
    match?.focus();
  }, focused);
}

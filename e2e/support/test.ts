import { test as base, expect, type Page } from "@playwright/test";
import { auditPageState, settle } from "./audit";

export { expect };
export type { Page };

// Pages already audited on arrival in this worker (by path): a page the suite reaches in many tests is checked once
// on arrival; the states a test sets up are checked where the test calls auditPageState.
const auditedPaths = new Set<string>();

function auditablePath(url: string): string | null {
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" || parsed.pathname.startsWith("/api/") || parsed.pathname.startsWith("/_next/")) return null;
  return parsed.pathname;
}

/**
 * Every spec imports `test` from here, never from @playwright/test (lint enforces it). After each passing test, the
 * state the test ends in and every page it navigated to (opened again in the same browser context) are checked
 * with axe-core's WCAG 2.1 A/AA rules and for sideways scrolling at 390 × 844, so pages added later are covered too.
 */
export const test = base.extend<{ auditVisitedPages: void }>({
  auditVisitedPages: [
    async ({ page, context }, use, testInfo) => {
      const visited = new Set<string>();
      page.on("framenavigated", (frame) => {
        if (frame !== page.mainFrame()) return;
        const path = auditablePath(frame.url());
        if (path) visited.add(path);
      });
      await use();
      if (testInfo.status !== testInfo.expectedStatus || page.isClosed()) return;
      const current = auditablePath(page.url());
      if (current) {
        await settle(page);
        await auditPageState(page, `${testInfo.title}: final state of ${current}`);
        auditedPaths.add(current);
      }
      for (const path of visited) {
        if (auditedPaths.has(path)) continue;
        auditedPaths.add(path);
        const fresh = await context.newPage();
        try {
          const response = await fresh.goto(path);
          if (!response?.headers()["content-type"]?.includes("text/html")) continue;
          await settle(fresh);
          await auditPageState(fresh, `${path} on arrival`);
        } finally {
          await fresh.close();
        }
      }
    },
    { auto: true },
  ],
});

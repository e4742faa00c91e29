import { expect, type Page } from "@playwright/test";
import { auditPageState } from "./audit";
import { PASSWORD } from "./db";

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** A state worth looking at: screenshots at desktop and phone width, checked with axe and for sideways scrolling. */
export async function screenshot(page: Page, name: string) {
  await auditPageState(page, name, name);
}

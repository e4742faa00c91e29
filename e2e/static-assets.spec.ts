import { expect, test } from "./support/test";
import { ADMIN, seedWorkspace } from "./support/db";
import { signIn } from "./support/session";

test("robots.txt keeps every page out of search engines, without signing in", async ({ request }) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  const lines = (await response.text()).split("\n").map((line) => line.trim());
  expect(lines).toContain("User-agent: *");
  expect(lines).toContain("Disallow: /");
});

test("the product mark and the Halo logo are served from public/ and drawn on the page", async ({ page, request }) => {
  for (const path of ["/worksights-mark.svg", "/halo-logo.svg"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"]).toContain("image/svg+xml");
  }

  await seedWorkspace();
  await signIn(page, ADMIN.email);
  await page.goto("/settings/services");
  for (const path of ["/worksights-mark.svg", "/halo-logo.svg"]) {
    const image = page.locator(`img[src="${path}"]`).first();
    await expect(image).toBeVisible();
    expect(await image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0), path).toBe(true);
  }
});

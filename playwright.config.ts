import { defineConfig } from "@playwright/test";
import { E2E_APP_URL, E2E_SIM_PORT, E2E_SIM_URL } from "./e2e/support/ports";

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  // Each test also runs the axe and phone-width audits of e2e/support/test.ts on the pages it visits.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E_APP_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: [
    {
      command: `npx tsx halo-sim/cli.ts --demo --port ${E2E_SIM_PORT}`,
      url: `${E2E_SIM_URL}/api/authinfo`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
    },
    {
      command: "npx tsx scripts/e2e-server.mts",
      url: `${E2E_APP_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});

// Overridable so several people (or helpers) can run browser tests side by side on one machine.
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4620);
export const E2E_APP_URL = `http://localhost:${E2E_APP_PORT}`;
export const E2E_SIM_URL = `http://localhost:${E2E_SIM_PORT}`;
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";

import { spawnSync } from "node:child_process";
import { ensureLocalSecrets } from "./local-env.mts";

type Step = { name: string; command: string[]; env?: NodeJS.ProcessEnv; needs?: string };

ensureLocalSecrets();
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

const steps: Step[] = [
  { name: "lint", command: ["npx", "eslint", "--max-warnings", "0", "--no-warn-ignored", "."] },
  { name: "typecheck", command: ["npx", "tsc", "--noEmit"] },
  { name: "unit", command: ["npx", "vitest", "run", "--project", "unit"] },
  { name: "integration", command: ["npx", "vitest", "run", "--project", "integration"] },
  // The same suite on PostgreSQL: an embedded server started for the run, or the one TEST_DATABASE_URL names.
  { name: "integration-postgres", command: ["npx", "vitest", "run", "--project", "integration-postgres"] },
  { name: "build", command: ["npx", "next", "build"] },
  // Two production instances on one embedded PostgreSQL, through real HTTP and Chromium.
  { name: "cluster", command: ["npx", "vitest", "run", "--project", "cluster"], needs: "build" },
  { name: "e2e", command: ["npx", "playwright", "test"], needs: "build" },
];

const only = process.argv.slice(2);
const results: { name: string; status: "passed" | "failed" | "skipped"; seconds: number }[] = [];

for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  const dependency = step.needs ? results.find((result) => result.name === step.needs) : undefined;
  if (dependency && dependency.status !== "passed") {
    results.push({ name: step.name, status: "skipped", seconds: 0 });
    continue;
  }
  console.log(`\n━━━ ${step.name}: ${step.command.join(" ")}`);
  const startedAt = Date.now();
  const run = spawnSync(step.command[0]!, step.command.slice(1), { stdio: "inherit", env: { ...baseEnv, ...step.env } });
  results.push({ name: step.name, status: run.status === 0 ? "passed" : "failed", seconds: (Date.now() - startedAt) / 1000 });
}

console.log("\n━━━ Summary");
for (const result of results) {
  const mark = result.status === "passed" ? "✔" : result.status === "failed" ? "✘" : "–";
  console.log(`  ${mark} ${result.name.padEnd(21)} ${result.status.padEnd(8)} ${result.seconds.toFixed(1)} s`);
}
const passed = results.filter((result) => result.status === "passed").length;
const failed = results.length - passed;
console.log(`\nsteps: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

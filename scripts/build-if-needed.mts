import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCE_ROOTS = ["app", "components", "lib", "prisma", "package-lock.json", "next.config.ts", "app/globals.css"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** Runs `next build` unless the last build is newer than every source file. */
export function buildIfNeeded(env: NodeJS.ProcessEnv) {
  const buildId = path.join(".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCE_ROOTS.map(newestMtime));
  if (builtAt > sourcesAt) {
    console.log("Using the existing production build.");
    return;
  }
  console.log("Building the app (about a minute on two cores)…");
  execFileSync("npx", ["next", "build"], { stdio: "inherit", env });
}

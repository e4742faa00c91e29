import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/argon2", "pg", "@prisma/adapter-pg", ".prisma/client-postgres"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `npm test` runs `tsc --noEmit` over the whole project as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;

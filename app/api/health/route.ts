import { db } from "@/lib/db/client";

/** Liveness for process managers and the browser-test harness: answers once the database is reachable. */
export async function GET() {
  await db.$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true });
}

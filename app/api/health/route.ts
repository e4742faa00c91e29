import { checkReadiness } from "@/lib/health/readiness";

/**
 * For load balancers and process managers, unauthenticated: 200 when this instance can store deliveries now,
 * 503 naming the part that cannot (database, migrations, ingest).
 */
export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(
    { status: readiness.ok ? "ok" : "unavailable", checks: readiness.checks },
    { status: readiness.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}

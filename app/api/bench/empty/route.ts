// Benchmark reference only: the cost of the framework alone (read the body, answer 200). 404 unless enabled.
export async function POST(request: Request) {
  if (process.env.WORKSIGHTS_BENCH_ROUTES !== "1") return new Response(null, { status: 404 });
  await request.arrayBuffer();
  return new Response(null, { status: 200 });
}

import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

// Benchmark reference only: how long the server's event loop was held up since the last reset (milliseconds).
// 404 unless WORKSIGHTS_BENCH_ROUTES=1. POST resets, GET reads.
const globalForBench = globalThis as unknown as { worksightsLoopDelay?: IntervalHistogram };

function histogram(): IntervalHistogram {
  if (!globalForBench.worksightsLoopDelay) {
    globalForBench.worksightsLoopDelay = monitorEventLoopDelay({ resolution: 2 });
    globalForBench.worksightsLoopDelay.enable();
  }
  return globalForBench.worksightsLoopDelay;
}

const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;

export async function GET() {
  if (process.env.WORKSIGHTS_BENCH_ROUTES !== "1") return new Response(null, { status: 404 });
  const delay = histogram();
  return Response.json({ max: ms(delay.max), p99: ms(delay.percentile(99)), p50: ms(delay.percentile(50)), samples: delay.count });
}

export async function POST() {
  if (process.env.WORKSIGHTS_BENCH_ROUTES !== "1") return new Response(null, { status: 404 });
  histogram().reset();
  return new Response(null, { status: 204 });
}

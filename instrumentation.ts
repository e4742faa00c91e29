// Runs once when a Next.js server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Recovery of missed Halo deliveries: a first check shortly after start, then a timer per connection.
  const { startRecoveryScheduler } = await import("@/lib/recovery/scheduler");
  startRecoveryScheduler();
  // On SIGTERM the server waits for open responses to end; live streams never would, so a deploy would hang.
  const { closeAllTimelineStreams } = await import("@/lib/timeline/stream");
  process.once("SIGTERM", closeAllTimelineStreams);
}

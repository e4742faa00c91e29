// Runs once when a Next.js server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Recovery of missed Halo deliveries: a first check shortly after start, then a timer per connection.
  const { startRecoveryScheduler } = await import("@/lib/recovery/scheduler");
  startRecoveryScheduler();
}

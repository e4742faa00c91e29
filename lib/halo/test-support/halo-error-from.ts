import { HaloError } from "../errors";

/** Awaits a promise that must reject with a HaloError and returns that error for assertions. */
export async function haloErrorFrom(promise: Promise<unknown>): Promise<HaloError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HaloError) return error;
    throw error;
  }
  throw new Error("expected a HaloError");
}

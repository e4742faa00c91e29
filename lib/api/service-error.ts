import { jsonError, type ErrorLink } from "./responses";

/** A failure the user can act on; its message is shown as is, so it must never carry secrets. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    readonly link?: ErrorLink,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export function serviceErrorResponse(error: unknown): Response {
  if (error instanceof ServiceError) return jsonError(error.status, error.code, error.message, error.fieldErrors, error.link);
  throw error;
}

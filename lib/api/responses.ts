import { z } from "zod";

/** Where the person can go to act on an error (an address inside this app). */
export type ErrorLink = { href: string; label: string };

export type ApiErrorBody = {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]>; link?: ErrorLink };
};

export function jsonError(status: number, code: string, message: string, fieldErrors?: Record<string, string[]>, link?: ErrorLink) {
  const body: ApiErrorBody = { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}), ...(link ? { link } : {}) } };
  return Response.json(body, { status });
}

export function validationError(error: z.ZodError) {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = error.issues[0]?.message ?? "The request is not valid.";
  return jsonError(400, "invalid_input", first, fieldErrors);
}

/** Reads and validates a JSON body; returns either the data or a ready 400 response. */
export async function readJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<{ data: z.infer<T>; response?: undefined } | { data?: undefined; response: Response }> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return { response: jsonError(400, "invalid_json", "The request body must be valid JSON.") };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { response: validationError(parsed.error) };
  return { data: parsed.data };
}

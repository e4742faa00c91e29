import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";

const MAX_BODY_BYTES = 1024 * 1024;

/** Thrown by handlers; `body` undefined means an empty body (Halo's habit for 401/403). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "string" ? body : `HTTP ${status}`);
  }
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, { error: "bad_request", message });
}

export function notFound(message: string): HttpError {
  return new HttpError(404, { error: "not_found", message });
}

/** Validate input with a zod schema; failures become a 400 naming every problem. */
export function parseOrBadRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, { error: "validation_failed", message: z.prettifyError(result.error), issues: result.error.issues });
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path exactly as requested (case preserved). */
  path: string;
  params: Record<string, string>;
  query: QueryParams;
  /** Origin the client used to reach us, from the Host header. */
  origin: string;
  readBody(): Promise<string>;
  readJson(): Promise<unknown>;
}

/** Query parameters looked up case-insensitively, as ASP.NET model binding does. */
export class QueryParams {
  private readonly values = new Map<string, string>();

  constructor(search: URLSearchParams) {
    for (const [key, value] of search) this.values.set(key.toLowerCase(), value);
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  bool(name: string): boolean | undefined {
    const value = this.get(name)?.toLowerCase();
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    return undefined;
  }

  int(name: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw.trim() === "") return undefined;
    const value = Number(raw);
    return Number.isFinite(value) ? Math.trunc(value) : undefined;
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { error: "payload_too_large", message: "Request body over 1 MB" }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function parseJson(text: string): unknown {
  if (text.trim() === "") throw badRequest("A JSON request body is required");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest("The request body is not valid JSON");
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Length": 0, ...headers });
  res.end();
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (error.body === undefined) sendEmpty(res, error.status, error.headers);
  else if (typeof error.body === "string") sendText(res, error.status, error.body, error.headers);
  else sendJson(res, error.status, error.body, error.headers);
}

// Pure module for the browser: posts the connect form and hands each NDJSON progress line to `onLine`.
import { ApiRequestError } from "@/lib/api/client-fetch";
import type { ApiErrorBody } from "@/lib/api/responses";
import type { ConnectFormInput } from "./connect-schema";
import type { ConnectProgressLine, ConnectResult } from "./connect-progress";

/**
 * Adds a connection (`connectionId` null) or connects one again. Resolves with the final result; throws
 * ApiRequestError when the server refused before starting.
 */
export async function postConnect(
  input: ConnectFormInput,
  connectionId: string | null,
  onLine: (line: ConnectProgressLine) => void,
): Promise<ConnectResult> {
  const url = connectionId ? `/api/halo/connections/${encodeURIComponent(connectionId)}/connect` : "/api/halo/connections";
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
    throw new ApiRequestError(
      response.status,
      body?.error?.code ?? "http_error",
      body?.error?.message ?? `Something went wrong (HTTP ${response.status}). Try again.`,
      body?.error?.fieldErrors,
      body?.error?.link,
    );
  }

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let result: ConnectResult | null = null;
  const handle = (text: string) => {
    if (text.trim() === "") return;
    const line = JSON.parse(text) as ConnectProgressLine;
    onLine(line);
    if (line.type === "result") result = line;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    lines.forEach(handle);
  }
  handle(buffered);
  if (!result) throw new ApiRequestError(502, "interrupted", "The connection to WorkSights broke off before the checks finished. Reload the page to see whether HaloPSA got connected.");
  return result;
}

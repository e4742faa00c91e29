import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { ConnectInput } from "./connect-schema";
import type { ConnectProgressLine } from "./connect-progress";
import { connectHalo } from "./connect-service";

/**
 * Runs a connect and streams its progress as NDJSON, one line per step change and a final
 * `result` line. The connect runs to its end even if the browser goes away, so it never stops
 * half-way; `release` is called when it is over.
 */
export function streamConnect(actor: Actor, input: ConnectInput, connectionId: string | null, release: () => Promise<void>): Response {
  const encoder = new TextEncoder();
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const emit = (line: ConnectProgressLine) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false;
        }
      };
      connectHalo(actor, input, emit, connectionId)
        .catch((error: unknown) => {
          // Only the error's kind is logged: a database error can echo query arguments.
          console.error("halo connect failed unexpectedly:", error instanceof Error ? error.name : typeof error);
          emit({
            type: "result",
            ok: false,
            step: "webhook",
            code: "internal",
            message: "Something went wrong on our side while connecting. Nothing was activated; try again in a minute.",
            warnings: [],
          });
        })
        .finally(() => {
          void release();
          if (open) controller.close();
          open = false;
        });
    },
    cancel() {
      open = false;
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}

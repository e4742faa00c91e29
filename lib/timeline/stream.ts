import "server-only";
import { z } from "zod";
import { visibilityChanges } from "@/lib/visibility/changes";
import { sameScope, scopeIncludes, type ViewerScope } from "@/lib/visibility/scope";
import { timelineBus } from "./live-bus";
import { latestTimelineEventId, timelineRowsAfter } from "./queries";
import { batchFrame, encodeText } from "./sse-frames";
import type { TimelineRow } from "./types";

const HEARTBEAT_MS = 15_000;
const CATCH_UP_LIMIT = 500;

// Every open stream's way to end itself, per process (the bundler may load this module once per route).
const globalForStreams = globalThis as unknown as { worksightsOpenStreams?: Set<() => void> };
const openStreams = (globalForStreams.worksightsOpenStreams ??= new Set());

/**
 * Ends every open stream, for a server that is shutting down: it cannot finish while they stay open, and each
 * browser reconnects (to another instance) and resumes from its last event id, so nothing is missed.
 */
export function closeAllTimelineStreams(): void {
  for (const close of [...openStreams]) close();
}

const eventIdSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Where a stream resumes: the browser's `Last-Event-ID` (sent on its own reconnects) wins over `?after=`;
 * null means "from now". Undefined when the value is not an id.
 */
export function resumePointOf(request: Request): number | null | undefined {
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  if (raw === null || raw.trim() === "") return null;
  const parsed = eventIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The viewer of a stream: their scope now, and how to read it again (null = they are gone). */
export interface StreamViewer {
  scope: ViewerScope;
  reload(): Promise<ViewerScope | null>;
}

/**
 * A server-sent-events stream of the new timeline rows a viewer may see: first what was stored after `afterId`
 * (or a `reset` event when that is too much to replay), then each row as it is committed; a comment line
 * every 15 s keeps proxies from closing it. Rows outside the viewer's scope are never written. When reporting
 * lines or roles change the scope is read again at once (and on every heartbeat) and a `scope` event tells the
 * page to reload what it shows. Everything is released when the client goes away.
 */
export function timelineStreamResponse(viewer: StreamViewer, afterId: number | null, signal: AbortSignal): Response {
  const organizationId = viewer.scope.organizationId;
  let scope = viewer.scope;
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSentId = afterId ?? 0;
      // Rows published while the catch-up query runs wait here, so none falls between the two.
      let heldBack: TimelineRow[] | null = [];

      const write = (bytes: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(bytes);
        } catch {
          cleanup();
        }
      };
      const send = (text: string) => write(encodeText(text));
      // A catch-up of many rows goes out as one chunk, not one write per row.
      const sendRows = (rows: readonly TimelineRow[]) => {
        const fresh: TimelineRow[] = [];
        for (const row of rows) {
          if (row.id <= lastSentId || !scopeIncludes(scope, row.person.id)) continue;
          fresh.push(row);
          lastSentId = row.id;
        }
        if (fresh.length > 0) write(batchFrame(fresh));
      };

      const unsubscribe = timelineBus().subscribe(organizationId, (rows) => {
        if (heldBack) heldBack.push(...rows);
        else if (rows.length > 0 && rows.every((row) => row.id > lastSentId && scopeIncludes(scope, row.person.id))) {
          // The usual case: the same bytes, encoded once, go to every open stream that may see the whole batch.
          write(batchFrame(rows));
          lastSentId = Math.max(lastSentId, ...rows.map((row) => row.id));
        } else sendRows(rows);
      });
      let reloads = 0;
      const reloadScope = async () => {
        const ticket = ++reloads;
        try {
          const next = await viewer.reload();
          if (closed || ticket !== reloads) return;
          if (!next) return cleanup();
          if (sameScope(scope, next)) return;
          scope = next;
          send(`event: scope\ndata: {}\n\n`);
        } catch (error) {
          console.error("[timeline] stream scope reload failed:", error instanceof Error ? error.name : "error");
        }
      };
      const unsubscribeVisibility = visibilityChanges().subscribe(organizationId, () => void reloadScope());
      const heartbeat = setInterval(() => {
        send(": ping\n\n");
        void reloadScope();
      }, HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        openStreams.delete(cleanup);
        clearInterval(heartbeat);
        unsubscribe();
        unsubscribeVisibility();
        signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      signal.addEventListener("abort", cleanup);
      openStreams.add(cleanup);
      if (signal.aborted) return cleanup();

      send("retry: 2000\n\n");
      try {
        if (afterId === null) {
          lastSentId = await latestTimelineEventId(organizationId);
        } else {
          const missed = await timelineRowsAfter(scope, afterId, CATCH_UP_LIMIT + 1);
          if (missed.length > CATCH_UP_LIMIT) {
            lastSentId = await latestTimelineEventId(organizationId);
            send(`event: reset\ndata: ${JSON.stringify({ latestId: lastSentId })}\n\n`);
          } else {
            sendRows(missed);
          }
        }
      } catch (error) {
        console.error("[timeline] stream catch-up failed:", error instanceof Error ? error.name : "error");
        send(`event: reset\ndata: {}\n\n`);
      }
      const pending = heldBack;
      heldBack = null;
      sendRows(pending);
      send(": live\n\n");
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

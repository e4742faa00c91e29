"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { TimelineRow } from "@/lib/timeline/types";
import { mergeLiveRows, SCOPED_QUERY_ROOT, TIMELINE_QUERY_ROOT } from "./timeline-cache";

export type StreamStatus = "connecting" | "live" | "reconnecting";

const MAX_RETRY_DELAY_MS = 15_000;

/**
 * Keeps an EventSource on /api/timeline/stream and merges pushed rows into the cached lists. After a drop it
 * reconnects itself (with back-off) asking for everything after the newest row it has seen, so nothing is missed.
 * `onLiveRows` hears each pushed row too (the view announces arrivals, the day view draws marks).
 * When the viewer's scope changes (reporting lines, role), cached lists and the server-rendered page are reloaded.
 */
export function useTimelineStream(startAfterId: number, onLiveRows?: (rows: TimelineRow[]) => void): StreamStatus {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const onLiveRowsRef = useRef(onLiveRows);
  useEffect(() => {
    onLiveRowsRef.current = onLiveRows;
  }, [onLiveRows]);

  useEffect(() => {
    let lastId = startAfterId;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const connect = () => {
      source = new EventSource(`/api/timeline/stream?after=${lastId}`);
      source.onopen = () => {
        failures = 0;
        setStatus("live");
      };
      source.addEventListener("row", (event) => {
        const row = JSON.parse((event as MessageEvent<string>).data) as TimelineRow;
        lastId = Math.max(lastId, row.id);
        mergeLiveRows(queryClient, [row]);
        onLiveRowsRef.current?.([row]);
      });
      source.addEventListener("reset", (event) => {
        const latestId = (JSON.parse((event as MessageEvent<string>).data || "{}") as { latestId?: number }).latestId;
        if (latestId) lastId = latestId;
        void queryClient.invalidateQueries({ queryKey: [TIMELINE_QUERY_ROOT] });
        void queryClient.invalidateQueries({ queryKey: [SCOPED_QUERY_ROOT] });
      });
      source.addEventListener("scope", () => {
        void queryClient.invalidateQueries({ queryKey: [TIMELINE_QUERY_ROOT] });
        void queryClient.invalidateQueries({ queryKey: [SCOPED_QUERY_ROOT] });
        router.refresh();
      });
      source.onerror = () => {
        source?.close();
        if (stopped) return;
        setStatus("reconnecting");
        const delay = Math.min(500 * 2 ** failures, MAX_RETRY_DELAY_MS);
        failures += 1;
        retryTimer = setTimeout(connect, delay);
      };
    };
    connect();

    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [queryClient, router, startAfterId]);

  return status;
}

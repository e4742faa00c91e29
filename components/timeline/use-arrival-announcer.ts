"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TimelineRow } from "@/lib/timeline/types";
import { nextAnnouncementDelay, summariseArrivals } from "./live-arrivals";

/**
 * Collects live rows and turns them into one polite announcement at most every ANNOUNCE_INTERVAL_MS, so a screen
 * reader hears "4 new events: …" instead of every row as it lands.
 */
export function useArrivalAnnouncer(isHolding: () => boolean) {
  const [message, setMessage] = useState("");
  const pending = useRef<TimelineRow[]>([]);
  const lastAnnouncedAt = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const record = useCallback(
    (rows: TimelineRow[]) => {
      if (rows.length === 0) return;
      pending.current.push(...rows);
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        setMessage(summariseArrivals(pending.current, isHolding()));
        pending.current = [];
        lastAnnouncedAt.current = Date.now();
      }, nextAnnouncementDelay(lastAnnouncedAt.current, Date.now()));
    },
    [isHolding],
  );

  return { message, record };
}

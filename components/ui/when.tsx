"use client";

import { format } from "date-fns";

/** A moment in the reader's own time zone ("3 Dec 2026, 14:05"), or "never". */
export function When({ iso, never = "never" }: { iso: string | null; never?: string }) {
  if (!iso) return <>{never}</>;
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {format(new Date(iso), "d MMM yyyy, HH:mm")}
    </time>
  );
}

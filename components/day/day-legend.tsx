import { TIMELINE_KINDS } from "@/lib/timeline/types";
import { KIND_STYLE } from "./kinds";

export function DayLegend({ barHint = false }: { barHint?: boolean }) {
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {TIMELINE_KINDS.map((kind) => (
        <li key={kind} className="inline-flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-1 rounded-sm" style={{ background: KIND_STYLE[kind].colour }} />
          {KIND_STYLE[kind].label}
        </li>
      ))}
      {barHint ? <li className="text-slate-600">Tab to a bar, then ← → to step through its events</li> : null}
    </ul>
  );
}

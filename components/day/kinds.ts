import { TIMELINE_KINDS, type TimelineKind } from "@/lib/timeline/types";

/** One colour per kind, for marks, counts and the legend (hex for the canvas, classes for HTML). */
export const KIND_STYLE: Record<TimelineKind, { colour: string; chip: string; label: string; short: string }> = {
  ticket_created: { colour: "#0284c7", chip: "bg-sky-100 text-sky-900", label: "New ticket", short: "New" },
  status_changed: { colour: "#7c3aed", chip: "bg-violet-100 text-violet-900", label: "Status change", short: "Status" },
  agent_assigned: { colour: "#d97706", chip: "bg-amber-100 text-amber-900", label: "Assignment", short: "Assigned" },
  user_replied: { colour: "#059669", chip: "bg-emerald-100 text-emerald-900", label: "Customer reply", short: "Replies" },
};

export const kindAt = (index: number): TimelineKind => TIMELINE_KINDS[index] ?? "ticket_created";

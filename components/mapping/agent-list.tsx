"use client";

import { useDraggable } from "@dnd-kit/core";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import type { MappingAgentView, MappingSuggestionView } from "@/lib/mapping/mapping-changes";
import { AGENT_GROUP_LABELS, type AgentListRow } from "./mapping-view";
import { VirtualList } from "./virtual-list";

export type AgentAction = "select" | "accept" | "reject" | "unmap" | "ignore" | "unignore" | "create";

interface AgentListProps {
  rows: AgentListRow[];
  userNames: ReadonlyMap<string, string>;
  selectedAgentId: number | null;
  onAction: (action: AgentAction, agent: MappingAgentView, suggestion: MappingSuggestionView | null) => void;
}

const MAPPED_BY_LABELS = { email: "matched by email", suggestion: "accepted suggestion", manual: "mapped by hand" } as const;

export function AgentList({ rows, userNames, selectedAgentId, onAction }: AgentListProps) {
  return (
    <VirtualList
      items={rows}
      label="Halo agents"
      testId="agent-list"
      emptyMessage="No agents match."
      estimateSize={(row) => (row.kind === "header" ? 36 : 96)}
      itemKey={(row) => (row.kind === "agent" ? `agent-${row.agent.haloAgentId}` : `header-${row.group}`)}
      renderItem={(row) =>
        row.kind === "header" ? (
          <h4 className="px-1 pt-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            {AGENT_GROUP_LABELS[row.group]} <span className="font-normal">({row.count})</span>
          </h4>
        ) : (
          <AgentCard
            agent={row.agent}
            suggestion={row.suggestion}
            userNames={userNames}
            selected={row.agent.haloAgentId === selectedAgentId}
            onAction={onAction}
          />
        )
      }
    />
  );
}

interface AgentCardProps {
  agent: MappingAgentView;
  suggestion: MappingSuggestionView | null;
  userNames: ReadonlyMap<string, string>;
  selected: boolean;
  onAction: AgentListProps["onAction"];
}

function AgentCard({ agent, suggestion, userNames, selected, onAction }: AgentCardProps) {
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: `agent:${agent.haloAgentId}`, data: { haloAgentId: agent.haloAgentId } });
  const act = (action: AgentAction) => () => onAction(action, agent, suggestion);
  const mappedTo = agent.userId ? userNames.get(agent.userId) : undefined;
  const details = [agent.email, agent.team].filter(Boolean).join(" · ");

  return (
    <div
      ref={setNodeRef}
      {...listeners}
      data-agent-id={agent.haloAgentId}
      className={cx(
        "flex touch-manipulation items-start gap-2 rounded-lg bg-white p-3 shadow-xs ring-1 ring-slate-200 select-none",
        "cursor-grab active:cursor-grabbing",
        selected && "ring-2 ring-brand-500",
        isDragging && "opacity-40",
      )}
    >
      <GripIcon />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-medium break-words text-slate-900">{agent.name}</span>
          <span className="text-xs text-slate-600">#{agent.haloAgentId}</span>
          {agent.removedFromHalo ? <Badge tone="danger">Removed from Halo</Badge> : null}
          {agent.isDisabled ? <Badge tone="warning">Disabled in Halo</Badge> : null}
          {agent.isApiAgent ? <Badge>API agent</Badge> : null}
          {agent.ignored ? <Badge>Ignored</Badge> : null}
        </div>
        {details ? <p className="text-xs wrap-anywhere text-slate-600">{details}</p> : null}

        {agent.userId ? (
          <p className="mt-1.5 text-sm text-emerald-800">
            <span aria-hidden>✓ </span>Mapped to <strong className="font-semibold">{mappedTo ?? "a removed user"}</strong>
            {agent.mappedBy ? <span className="text-xs text-emerald-700"> · {MAPPED_BY_LABELS[agent.mappedBy]}</span> : null}
          </p>
        ) : suggestion ? (
          <p className="mt-1.5 text-sm text-slate-700">
            Suggested: <strong className="font-semibold">{userNames.get(suggestion.userId)}</strong>{" "}
            <Badge tone="brand">{Math.round(suggestion.confidence * 100)}% · {suggestion.reason}</Badge>
          </p>
        ) : null}

        <div className="mt-2 flex flex-wrap gap-1.5" onMouseDown={stopDrag} onTouchStart={stopDrag}>
          {!agent.userId && suggestion ? (
            <>
              <Button size="sm" onClick={act("accept")}>
                Accept<span className="sr-only"> suggestion: {agent.name} is {userNames.get(suggestion.userId)}</span>
              </Button>
              <Button size="sm" variant="ghost" onClick={act("reject")}>
                Reject<span className="sr-only"> suggestion for {agent.name}</span>
              </Button>
            </>
          ) : null}
          <Button size="sm" variant="secondary" aria-pressed={selected} onClick={act("select")} className={selected ? "bg-brand-50 ring-brand-500" : undefined}>
            {agent.userId ? "Remap" : "Map"}
            <span className="sr-only"> {agent.name} to a user</span>
          </Button>
          {agent.userId ? (
            <Button size="sm" variant="ghost" onClick={act("unmap")}>
              Unmap<span className="sr-only"> {agent.name}</span>
            </Button>
          ) : (
            <Button size="sm" variant="ghost" onClick={act("create")}>
              Create user<span className="sr-only"> from {agent.name}</span>
            </Button>
          )}
          {agent.ignored ? (
            <Button size="sm" variant="ghost" onClick={act("unignore")}>
              Stop ignoring<span className="sr-only"> {agent.name}</span>
            </Button>
          ) : !agent.userId ? (
            <Button size="sm" variant="ghost" onClick={act("ignore")}>
              Ignore<span className="sr-only"> {agent.name}</span>
            </Button>
          ) : null}
        </div>
      </div>
    </div>
  );
}

// Buttons inside a card must not start a drag.
const stopDrag = (event: { stopPropagation: () => void }) => event.stopPropagation();

function GripIcon() {
  return (
    <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 fill-slate-400" aria-hidden>
      {[5, 10, 15].flatMap((y) => [7, 13].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r={1.5} />))}
    </svg>
  );
}

/** The floating copy of an agent card while it is dragged. */
export function AgentDragPreview({ agent }: { agent: MappingAgentView }) {
  return (
    <div className="flex w-fit cursor-grabbing items-center gap-2 rounded-lg bg-white p-3 shadow-lg ring-2 ring-brand-500">
      <GripIcon />
      <span className="font-medium text-slate-900">{agent.name}</span>
      <span className="text-xs text-slate-600">#{agent.haloAgentId}</span>
    </div>
  );
}

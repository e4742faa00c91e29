"use client";

import { useDndContext, useDroppable } from "@dnd-kit/core";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import type { MappingAgentView, MappingUserView, OtherConnectionMapping } from "@/lib/mapping/mapping-changes";
import { VirtualList } from "./virtual-list";

interface UserListProps {
  users: MappingUserView[];
  agentByUser: ReadonlyMap<string, MappingAgentView>;
  /** Each person's agents in the organization's other Halo connections. */
  otherConnections: Readonly<Record<string, OtherConnectionMapping[]>>;
  /** The agent chosen with "Map to user…", waiting for a user. */
  selectedAgent: MappingAgentView | null;
  onChoose: (user: MappingUserView) => void;
}

export function UserList({ users, agentByUser, otherConnections, selectedAgent, onChoose }: UserListProps) {
  return (
    <VirtualList
      items={users}
      label="WorkSights users"
      testId="user-list"
      emptyMessage="No users match."
      estimateSize={() => 72}
      itemKey={(user) => user.id}
      renderItem={(user) => (
        <UserCard
          user={user}
          agent={agentByUser.get(user.id) ?? null}
          elsewhere={otherConnections[user.id] ?? []}
          selectedAgent={selectedAgent}
          onChoose={onChoose}
        />
      )}
    />
  );
}

interface UserCardProps {
  user: MappingUserView;
  agent: MappingAgentView | null;
  elsewhere: OtherConnectionMapping[];
  selectedAgent: MappingAgentView | null;
  onChoose: (user: MappingUserView) => void;
}

function UserCard({ user, agent, elsewhere, selectedAgent, onChoose }: UserCardProps) {
  // A user with an agent takes no second one: the drop target is switched off.
  const { setNodeRef, isOver } = useDroppable({ id: `user:${user.id}`, data: { userId: user.id }, disabled: agent !== null });
  const { active } = useDndContext();
  const dragging = active !== null;

  return (
    <div
      ref={setNodeRef}
      data-user-email={user.email}
      className={cx(
        "flex items-center gap-3 rounded-lg bg-white p-3 shadow-xs ring-1 ring-slate-200 transition-colors",
        dragging && !agent && "outline-2 outline-offset-1 outline-brand-500/40 outline-dashed",
        dragging && agent && "opacity-50",
        isOver && "bg-brand-50 ring-2 ring-brand-500",
      )}
    >
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-1.5">
          <span className="min-w-0 font-medium break-words text-slate-900">{user.name}</span>
          <Badge>{user.role === "admin" ? "Admin" : "Manager"}</Badge>
        </div>
        <p className="text-xs wrap-anywhere text-slate-600">{user.email}</p>
        {elsewhere.length > 0 ? (
          <p className="text-xs wrap-anywhere text-slate-600" data-testid="other-connections">
            Also {elsewhere.map((other) => `${other.agentName} in ${other.connectionName}`).join(", ")}
          </p>
        ) : null}
      </div>
      {selectedAgent && !agent ? (
        <Button size="sm" onClick={() => onChoose(user)}>
          Map here<span className="sr-only"> ({selectedAgent.name} to {user.name})</span>
        </Button>
      ) : agent ? (
        <span className="max-w-[45%] truncate text-right text-xs text-emerald-800" title={`Halo agent ${agent.name}`}>
          <span aria-hidden>⇄ </span>
          {agent.name}
          {dragging || selectedAgent ? <span className="block text-slate-600">already has an agent</span> : null}
        </span>
      ) : (
        <span className="text-xs text-slate-600">{dragging ? "Drop here" : "No agent"}</span>
      )}
    </div>
  );
}

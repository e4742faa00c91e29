"use client";

import { DndContext, DragOverlay, MouseSensor, TouchSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from "@dnd-kit/core";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Button, buttonClasses, Spinner } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Select, TextInput } from "@/components/ui/field";
import {
  mappingProgress,
  type MappingAgentView,
  type MappingChange,
  type MappingSuggestionView,
  type MappingUserView,
  type OtherConnectionMapping,
} from "@/lib/mapping/mapping-changes";
import { AgentDragPreview, AgentList, type AgentAction } from "./agent-list";
import { CreateUserDialog } from "./create-user-dialog";
import { AGENT_FILTER_LABELS, agentRows, openSuggestions, suggestionKey, userRows, type AgentFilter } from "./mapping-view";
import { useMappingSnapshot, useRejectSuggestion, useSaveMapping } from "./use-mapping";
import { UserList } from "./user-list";

type Notice = { ok: boolean; message: string } | null;

const AGENT_SEARCH_ID = "mapping-agent-search";
const PROGRESS_ID = "mapping-progress";
const USER_SEARCH_ID = "mapping-user-search";
const focusById = (id: string) => document.getElementById(id)?.focus();

/** The agent mapping screen: step 3 of the connect wizard and the mapping section of the HaloPSA settings page. */
export function MappingPanel({ mode }: { mode: "wizard" | "settings" }) {
  const snapshot = useMappingSnapshot();
  if (snapshot.isPending) {
    return (
      <Card className="flex items-center gap-2 p-6 text-sm text-slate-600">
        <Spinner /> Loading Halo agents…
      </Card>
    );
  }
  if (snapshot.isError) {
    return (
      <Card className="p-6">
        <Alert title="The agent list could not be loaded">{snapshot.error.message}</Alert>
        <Button variant="secondary" className="mt-4" onClick={() => snapshot.refetch()}>
          Try again
        </Button>
      </Card>
    );
  }
  const { agents, users, suggestions, otherConnections } = snapshot.data;
  return <MappingEditor mode={mode} agents={agents} users={users} suggestions={suggestions} otherConnections={otherConnections} />;
}

interface EditorProps {
  mode: "wizard" | "settings";
  agents: MappingAgentView[];
  users: MappingUserView[];
  suggestions: MappingSuggestionView[];
  otherConnections: Record<string, OtherConnectionMapping[]>;
}

function MappingEditor({ mode, agents, users, suggestions, otherConnections }: EditorProps) {
  const [notice, setNotice] = useState<Notice>(null);
  const [filter, setFilter] = useState<AgentFilter>("all");
  const [agentSearch, setAgentSearch] = useState("");
  const [userSearch, setUserSearch] = useState("");
  const [onlyFreeUsers, setOnlyFreeUsers] = useState(false);
  const [rejected, setRejected] = useState<ReadonlySet<string>>(new Set());
  const [selectedAgentId, setSelectedAgentId] = useState<number | null>(null);
  const [draggedAgentId, setDraggedAgentId] = useState<number | null>(null);
  const [creatingFor, setCreatingFor] = useState<MappingAgentView | null>(null);
  const save = useSaveMapping(setNotice);
  const reject = useRejectSuggestion(setNotice);
  // Where focus goes once an action has redrawn the list: the acted-on agent's card (its buttons change), or the
  // progress after Accept all (the button is disabled then). Never the page body.
  const focusAfterChange = useRef<number | "progress" | null>(null);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A short press-and-hold starts a drag on touch screens, so a swipe still scrolls the list.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
  );

  const agentsById = useMemo(() => new Map(agents.map((agent) => [agent.haloAgentId, agent])), [agents]);
  const userNames = useMemo(() => new Map(users.map((user) => [user.id, user.name])), [users]);
  const agentByUser = useMemo(
    () => new Map(agents.flatMap((agent) => (agent.userId ? [[agent.userId, agent] as const] : []))),
    [agents],
  );
  useEffect(() => {
    const target = focusAfterChange.current;
    if (target === null) return;
    focusAfterChange.current = null;
    const element =
      target === "progress"
        ? document.getElementById(PROGRESS_ID)
        : (document.querySelector<HTMLElement>(`[data-agent-id="${target}"] button`) ?? document.getElementById(AGENT_SEARCH_ID));
    element?.focus();
  }, [agents, rejected]);

  const suggestionByAgent = useMemo(() => openSuggestions(suggestions, agents, rejected), [suggestions, agents, rejected]);
  const rows = useMemo(() => agentRows(agents, suggestionByAgent, filter, agentSearch), [agents, suggestionByAgent, filter, agentSearch]);
  const visibleUsers = useMemo(() => userRows(users, agentByUser, onlyFreeUsers, userSearch), [users, agentByUser, onlyFreeUsers, userSearch]);
  const progress = mappingProgress(agents);
  const selectedAgent = selectedAgentId === null ? null : (agentsById.get(selectedAgentId) ?? null);
  const draggedAgent = draggedAgentId === null ? null : (agentsById.get(draggedAgentId) ?? null);

  function submit(changes: MappingChange[], successMessage: string) {
    setNotice(null);
    save.mutate({ changes, successMessage });
  }

  function mapAgent(agent: MappingAgentView, user: MappingUserView, via: "manual" | "suggestion" = "manual") {
    const holder = agentByUser.get(user.id);
    if (holder && holder.haloAgentId !== agent.haloAgentId) {
      setNotice({ ok: false, message: `${user.name} already has a Halo agent (${holder.name}). Unmap it first: a user can have only one agent.` });
      return;
    }
    submit([{ haloAgentId: agent.haloAgentId, userId: user.id, via }], `Mapped ${agent.name} to ${user.name}.`);
  }

  function handleAgentAction(action: AgentAction, agent: MappingAgentView, suggestion: MappingSuggestionView | null) {
    if (action !== "select" && action !== "create") focusAfterChange.current = agent.haloAgentId;
    switch (action) {
      case "select":
        setSelectedAgentId((current) => (current === agent.haloAgentId ? null : agent.haloAgentId));
        requestAnimationFrame(() => focusById(USER_SEARCH_ID));
        return;
      case "accept":
        if (suggestion) {
          const user = users.find((candidate) => candidate.id === suggestion.userId);
          if (user) mapAgent(agent, user, "suggestion");
        }
        return;
      case "reject":
        if (suggestion) {
          const key = suggestionKey(suggestion);
          setRejected((current) => new Set(current).add(key));
          reject.mutate(
            { haloAgentId: suggestion.haloAgentId, userId: suggestion.userId },
            {
              onError: () =>
                setRejected((current) => {
                  const next = new Set(current);
                  next.delete(key);
                  return next;
                }),
            },
          );
        }
        return;
      case "unmap":
        submit([{ haloAgentId: agent.haloAgentId, userId: null }], `Unmapped ${agent.name}.`);
        return;
      case "ignore":
        submit([{ haloAgentId: agent.haloAgentId, ignored: true }], `${agent.name} is ignored: their work in Halo will not show on the timeline.`);
        return;
      case "unignore":
        submit([{ haloAgentId: agent.haloAgentId, ignored: false }], `${agent.name} is no longer ignored.`);
        return;
      case "create":
        setCreatingFor(agent);
        return;
    }
  }

  function acceptAllSuggestions() {
    const pending = [...suggestionByAgent.values()];
    if (pending.length === 0) return;
    focusAfterChange.current = "progress";
    submit(
      pending.map((suggestion) => ({ haloAgentId: suggestion.haloAgentId, userId: suggestion.userId, via: "suggestion" as const })),
      `Accepted ${pending.length} ${pending.length === 1 ? "suggestion" : "suggestions"}.`,
    );
  }

  function chooseUserForSelected(user: MappingUserView) {
    if (!selectedAgent) return;
    mapAgent(selectedAgent, user);
    setSelectedAgentId(null);
    focusById(AGENT_SEARCH_ID);
  }

  function handleDragStart(event: DragStartEvent) {
    setDraggedAgentId(Number(event.active.data.current?.haloAgentId));
  }

  function handleDragEnd(event: DragEndEvent) {
    setDraggedAgentId(null);
    const agent = agentsById.get(Number(event.active.data.current?.haloAgentId));
    const userId = event.over?.data.current?.userId as string | undefined;
    const user = userId ? users.find((candidate) => candidate.id === userId) : undefined;
    if (agent && user) mapAgent(agent, user);
  }

  function handleKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && selectedAgentId !== null) {
      setSelectedAgentId(null);
      focusById(AGENT_SEARCH_ID);
    }
  }

  const percent = progress.total === 0 ? 100 : Math.round((progress.mapped / progress.total) * 100);

  return (
    <Card className="p-5">
      <div onKeyDown={handleKeyDown} className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h2 className="text-base font-semibold text-slate-900">Agent mapping</h2>
            <p
              id={PROGRESS_ID}
              tabIndex={-1}
              className="mt-1 rounded-sm text-2xl font-semibold text-slate-900 focus:outline-2 focus:outline-offset-2 focus:outline-brand-500"
              data-testid="mapping-progress"
            >
              {progress.mapped} of {progress.total} agents mapped
            </p>
            <div className="mt-2 h-2 w-64 max-w-full overflow-hidden rounded-full bg-slate-100" aria-hidden>
              <div className="h-full rounded-full bg-emerald-500 transition-all" style={{ width: `${percent}%` }} />
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={acceptAllSuggestions} disabled={suggestionByAgent.size === 0 || save.isPending}>
              Accept all suggestions ({suggestionByAgent.size})
            </Button>
          </div>
        </div>

        <Alert tone="info">
          Only mapped agents produce activity: work done in Halo by an unmapped or ignored agent never shows on the
          timeline. Drag a Halo agent onto a WorkSights user, or press <strong>Map</strong> on an agent and then{" "}
          <strong>Map here</strong> on a user.
        </Alert>

        <div aria-live="polite" aria-atomic="true">
          {notice ? <Alert tone={notice.ok ? "success" : "error"}>{notice.message}</Alert> : null}
        </div>

        {selectedAgent ? (
          <div role="status" className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-brand-50 px-4 py-3 text-sm ring-1 ring-brand-100">
            <span>
              Choose a WorkSights user for <strong>{selectedAgent.name}</strong>: find them in the WorkSights users list and press{" "}
              <strong>Map here</strong>. Esc cancels.
            </span>
            <Button size="sm" variant="secondary" onClick={() => setSelectedAgentId(null)}>
              Cancel
            </Button>
          </div>
        ) : null}

        <DndContext sensors={sensors} onDragStart={handleDragStart} onDragEnd={handleDragEnd} onDragCancel={() => setDraggedAgentId(null)}>
          <div className="grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="halo-agents-heading" className="space-y-3">
              <h3 id="halo-agents-heading" className="text-sm font-semibold text-slate-800">
                Halo agents
              </h3>
              <div className="flex flex-col gap-2 sm:flex-row">
                <TextInput
                  id={AGENT_SEARCH_ID}
                  type="search"
                  aria-label="Search Halo agents"
                  placeholder="Search agents by name, email or team"
                  value={agentSearch}
                  onChange={(event) => setAgentSearch(event.target.value)}
                />
                <div className="sm:w-48 sm:shrink-0">
                  <Select aria-label="Show agents" value={filter} onChange={(event) => setFilter(event.target.value as AgentFilter)}>
                    {(Object.keys(AGENT_FILTER_LABELS) as AgentFilter[]).map((value) => (
                      <option key={value} value={value}>
                        {AGENT_FILTER_LABELS[value]}
                      </option>
                    ))}
                  </Select>
                </div>
              </div>
              <AgentList rows={rows} userNames={userNames} selectedAgentId={selectedAgentId} onAction={handleAgentAction} />
            </section>
            <section aria-labelledby="worksights-users-heading" className="space-y-3">
              <h3 id="worksights-users-heading" className="text-sm font-semibold text-slate-800">
                WorkSights users
              </h3>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-3">
                <TextInput
                  id={USER_SEARCH_ID}
                  type="search"
                  aria-label="Search WorkSights users"
                  placeholder="Search users by name or email"
                  value={userSearch}
                  onChange={(event) => setUserSearch(event.target.value)}
                />
                <label className="flex shrink-0 items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" checked={onlyFreeUsers} onChange={(event) => setOnlyFreeUsers(event.target.checked)} className="size-4 rounded border-slate-300" />
                  Without an agent
                </label>
              </div>
              <UserList
                users={visibleUsers}
                agentByUser={agentByUser}
                otherConnections={otherConnections}
                selectedAgent={selectedAgent}
                onChoose={chooseUserForSelected}
              />
            </section>
          </div>
          <DragOverlay dropAnimation={null}>{draggedAgent ? <AgentDragPreview agent={draggedAgent} /> : null}</DragOverlay>
        </DndContext>

        {mode === "wizard" ? (
          <div className="flex flex-wrap items-center justify-end gap-3 border-t border-slate-200 pt-4">
            <p className="text-sm text-slate-600">You can change the mapping any time in Settings → Services → HaloPSA.</p>
            <Link href="/timeline" className={buttonClasses("primary")}>
              Finish
            </Link>
          </div>
        ) : null}
      </div>

      {creatingFor ? (
        <CreateUserDialog
          agent={creatingFor}
          onClose={() => setCreatingFor(null)}
          onCreated={(user, agent) => {
            setCreatingFor(null);
            setNotice({ ok: true, message: `Created ${user.name} and mapped ${agent.name} to them.` });
          }}
        />
      ) : null}
    </Card>
  );
}

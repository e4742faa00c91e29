"use client";

import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { connectionApi, useConnectionId } from "@/components/connect/connection-context";
import { apiFetch } from "@/lib/api/client-fetch";
import {
  applyMappingChanges,
  type CreateUserFromAgentInput,
  type MappingChange,
  type MappingSnapshot,
  type MappingUserView,
  type RejectSuggestionInput,
} from "@/lib/mapping/mapping-changes";

export const mappingQueryKey = (connectionId: string) => ["halo-mapping", connectionId] as const;
export const auditTrailQueryKey = ["audit-trail"] as const;
const saveMutationKey = ["halo-mapping", "save"] as const;

export function useMappingSnapshot() {
  const connectionId = useConnectionId();
  return useQuery({
    queryKey: mappingQueryKey(connectionId),
    queryFn: () => apiFetch<MappingSnapshot>(connectionApi(connectionId, "mapping")),
  });
}

export interface SaveRequest {
  changes: MappingChange[];
  /** Shown once the server confirmed the change. */
  successMessage: string;
}

function refreshAudit(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: auditTrailQueryKey });
}

/**
 * Saves mapping changes optimistically: the screen shows the change at once and puts the previous state back,
 * with the server's reason, when the save fails.
 */
export function useSaveMapping(onOutcome: (outcome: { ok: boolean; message: string }) => void) {
  const queryClient = useQueryClient();
  const connectionId = useConnectionId();
  const key = mappingQueryKey(connectionId);
  return useMutation({
    mutationKey: saveMutationKey,
    mutationFn: ({ changes }: SaveRequest) => apiFetch<MappingSnapshot>(connectionApi(connectionId, "mapping"), { method: "PUT", json: { changes } }),
    onMutate: async ({ changes }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<MappingSnapshot>(key);
      if (previous) {
        const userIds = new Set(previous.users.map((user) => user.id));
        const next = applyMappingChanges(previous.agents, userIds, changes, new Date());
        if (next.ok) queryClient.setQueryData<MappingSnapshot>(key, { ...previous, agents: next.agents });
      }
      return { previous };
    },
    onError: (error, _request, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      onOutcome({ ok: false, message: `Not saved: ${error.message} Your change was undone.` });
      // Another save may have landed meanwhile; the server's state is the truth.
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onSuccess: (snapshot, request) => {
      // A later save still in flight has its own optimistic state; its answer will bring the final snapshot.
      if (queryClient.isMutating({ mutationKey: saveMutationKey }) <= 1) queryClient.setQueryData(key, snapshot);
      onOutcome({ ok: true, message: request.successMessage });
    },
    onSettled: () => refreshAudit(queryClient),
  });
}

/** Stores a turned-down suggestion so it stays gone after a reload; the screen hides it at once meanwhile. */
export function useRejectSuggestion(onOutcome: (outcome: { ok: boolean; message: string }) => void) {
  const queryClient = useQueryClient();
  const connectionId = useConnectionId();
  return useMutation({
    mutationFn: (input: RejectSuggestionInput) =>
      apiFetch<MappingSnapshot>(connectionApi(connectionId, "mapping/rejections"), { method: "POST", json: input }),
    onSuccess: (snapshot) => {
      if (queryClient.isMutating({ mutationKey: saveMutationKey }) === 0) queryClient.setQueryData(mappingQueryKey(connectionId), snapshot);
    },
    onError: (error) => onOutcome({ ok: false, message: `The suggestion was not turned down: ${error.message}` }),
    onSettled: () => refreshAudit(queryClient),
  });
}

export function useCreateUserFromAgent(onCreated: (user: MappingUserView) => void) {
  const queryClient = useQueryClient();
  const connectionId = useConnectionId();
  return useMutation({
    mutationFn: (input: CreateUserFromAgentInput) =>
      apiFetch<{ user: MappingUserView; snapshot: MappingSnapshot }>(connectionApi(connectionId, "mapping/users"), { method: "POST", json: input }),
    onSuccess: ({ user, snapshot }) => {
      queryClient.setQueryData(mappingQueryKey(connectionId), snapshot);
      onCreated(user);
      return refreshAudit(queryClient);
    },
  });
}

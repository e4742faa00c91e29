"use client";

import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client-fetch";
import {
  applyMappingChanges,
  type CreateUserFromAgentInput,
  type MappingChange,
  type MappingSnapshot,
  type MappingUserView,
  type RejectSuggestionInput,
} from "@/lib/mapping/mapping-changes";

export const mappingQueryKey = ["halo-mapping"] as const;
export const auditTrailQueryKey = ["audit-trail"] as const;
const saveMutationKey = ["halo-mapping", "save"] as const;

export function useMappingSnapshot() {
  return useQuery({
    queryKey: mappingQueryKey,
    queryFn: () => apiFetch<MappingSnapshot>("/api/halo/mapping"),
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
  return useMutation({
    mutationKey: saveMutationKey,
    mutationFn: ({ changes }: SaveRequest) => apiFetch<MappingSnapshot>("/api/halo/mapping", { method: "PUT", json: { changes } }),
    onMutate: async ({ changes }) => {
      await queryClient.cancelQueries({ queryKey: mappingQueryKey });
      const previous = queryClient.getQueryData<MappingSnapshot>(mappingQueryKey);
      if (previous) {
        const userIds = new Set(previous.users.map((user) => user.id));
        const next = applyMappingChanges(previous.agents, userIds, changes, new Date());
        if (next.ok) queryClient.setQueryData<MappingSnapshot>(mappingQueryKey, { ...previous, agents: next.agents });
      }
      return { previous };
    },
    onError: (error, _request, context) => {
      if (context?.previous) queryClient.setQueryData(mappingQueryKey, context.previous);
      onOutcome({ ok: false, message: `Not saved: ${error.message} Your change was undone.` });
      // Another save may have landed meanwhile; the server's state is the truth.
      void queryClient.invalidateQueries({ queryKey: mappingQueryKey });
    },
    onSuccess: (snapshot, request) => {
      // A later save still in flight has its own optimistic state; its answer will bring the final snapshot.
      if (queryClient.isMutating({ mutationKey: saveMutationKey }) <= 1) queryClient.setQueryData(mappingQueryKey, snapshot);
      onOutcome({ ok: true, message: request.successMessage });
    },
    onSettled: () => refreshAudit(queryClient),
  });
}

/** Stores a turned-down suggestion so it stays gone after a reload; the screen hides it at once meanwhile. */
export function useRejectSuggestion(onOutcome: (outcome: { ok: boolean; message: string }) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RejectSuggestionInput) => apiFetch<MappingSnapshot>("/api/halo/mapping/rejections", { method: "POST", json: input }),
    onSuccess: (snapshot) => {
      if (queryClient.isMutating({ mutationKey: saveMutationKey }) === 0) queryClient.setQueryData(mappingQueryKey, snapshot);
    },
    onError: (error) => onOutcome({ ok: false, message: `The suggestion was not turned down: ${error.message}` }),
    onSettled: () => refreshAudit(queryClient),
  });
}

export function useCreateUserFromAgent(onCreated: (user: MappingUserView) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserFromAgentInput) =>
      apiFetch<{ user: MappingUserView; snapshot: MappingSnapshot }>("/api/halo/mapping/users", { method: "POST", json: input }),
    onSuccess: ({ user, snapshot }) => {
      queryClient.setQueryData(mappingQueryKey, snapshot);
      onCreated(user);
      return refreshAudit(queryClient);
    },
  });
}

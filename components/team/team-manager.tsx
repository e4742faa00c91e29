"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Badge, Card } from "@/components/ui/card";
import { apiFetch, ApiRequestError } from "@/lib/api/client-fetch";
import type { TeamMember } from "@/lib/team/service";
import type { TeamMemberCreateInput } from "@/lib/team/schemas";
import { MemberForm } from "./member-form";

const teamKey = ["team"] as const;

export function TeamManager({ initialMembers, currentUserId }: { initialMembers: TeamMember[]; currentUserId: string }) {
  const queryClient = useQueryClient();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const members = useQuery({
    queryKey: teamKey,
    queryFn: () => apiFetch<{ members: TeamMember[] }>("/api/team").then((body) => body.members),
    initialData: initialMembers,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: teamKey });

  const create = useMutation({
    mutationFn: (input: TeamMemberCreateInput) => apiFetch("/api/team", { method: "POST", json: input }),
    onSuccess: (_data, input) => {
      setNotice(`${input.name} was added.`);
      setFormKey((key) => key + 1);
      return refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, input }: { id: string; input: TeamMemberCreateInput }) =>
      apiFetch(`/api/team/${id}`, { method: "PATCH", json: input }),
    onSuccess: (_data, { input }) => {
      setEditingId(null);
      setNotice(`${input.name} was updated.`);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (member: TeamMember) => apiFetch(`/api/team/${member.id}`, { method: "DELETE" }),
    onSuccess: (_data, member) => {
      setNotice(`${member.name} was removed.`);
      return refresh();
    },
  });

  const failure = [create.error, update.error, remove.error].find(Boolean);
  const fieldErrorsOf = (error: Error | null) => (error instanceof ApiRequestError ? error.fieldErrors : undefined);

  return (
    <div className="space-y-6">
      <Card className="p-5">
        <h2 className="mb-4 text-base font-semibold">Add a person</h2>
        <MemberForm
          key={formKey}
          idPrefix="new"
          submitLabel="Add person"
          busy={create.isPending}
          serverFieldErrors={fieldErrorsOf(create.error)}
          passwordHint="Leave empty for people who only need to be mapped to Halo agents."
          onSubmit={(input) => create.mutate(input)}
        />
      </Card>
      <div aria-live="polite">
        {failure ? <Alert>{failure.message}</Alert> : notice ? <Alert tone="success">{notice}</Alert> : null}
      </div>
      <Card>
        {/* On phones each person is a card: the table's rows become two-column grids and its header is hidden. */}
        <table className="w-full text-left text-sm max-sm:block">
          <caption className="sr-only">Team members</caption>
          <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-600 uppercase max-sm:sr-only">
            <tr>
              <th scope="col" className="px-5 py-3 font-medium">Name</th>
              <th scope="col" className="px-5 py-3 font-medium">Email</th>
              <th scope="col" className="px-5 py-3 font-medium">Role</th>
              <th scope="col" className="px-5 py-3 text-right font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 max-sm:block">
            {members.data.map((member) =>
              editingId === member.id ? (
                <tr key={member.id} className="max-sm:block">
                  <td colSpan={4} className="bg-slate-50 px-5 py-4 max-sm:block max-sm:px-4">
                    <MemberForm
                      idPrefix={`edit-${member.id}`}
                      initial={{ name: member.name, email: member.email, role: member.role as TeamMemberCreateInput["role"] }}
                      submitLabel="Save"
                      busy={update.isPending}
                      serverFieldErrors={fieldErrorsOf(update.error)}
                      passwordHint="Leave empty to keep the current password."
                      onSubmit={(input) => update.mutate({ id: member.id, input })}
                      onCancel={() => setEditingId(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={member.id} data-testid="team-row" className="max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-2 max-sm:px-4 max-sm:py-3">
                  <td className="px-5 py-3 font-medium text-slate-900 max-sm:col-start-1 max-sm:p-0">
                    {member.name}
                    {member.id === currentUserId ? <span className="ml-2 text-xs text-slate-600">(you)</span> : null}
                  </td>
                  <td className="px-5 py-3 text-slate-600 max-sm:col-start-1 max-sm:p-0 max-sm:wrap-anywhere">{member.email}</td>
                  <td className="px-5 py-3 max-sm:col-start-1 max-sm:p-0 max-sm:pt-1.5">
                    <Badge tone={member.role === "admin" ? "brand" : "neutral"}>{member.role === "admin" ? "Admin" : "Manager"}</Badge>
                    {!member.canSignIn ? <span className="ml-2 text-xs text-slate-600">no sign-in</span> : null}
                  </td>
                  <td className="px-5 py-3 text-right whitespace-nowrap max-sm:col-start-2 max-sm:row-span-3 max-sm:row-start-1 max-sm:flex max-sm:flex-col max-sm:items-end max-sm:justify-center max-sm:p-0">
                    <Button size="sm" variant="ghost" onClick={() => { update.reset(); setEditingId(member.id); }}>
                      Edit<span className="sr-only"> {member.name}</span>
                    </Button>
                    {member.id !== currentUserId ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-red-700"
                        busy={remove.isPending && remove.variables?.id === member.id}
                        onClick={() => {
                          if (window.confirm(`Remove ${member.name} from the workspace? Their timeline activity is removed too.`)) remove.mutate(member);
                        }}
                      >
                        Remove<span className="sr-only"> {member.name}</span>
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </Card>
    </div>
  );
}

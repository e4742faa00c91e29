"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Badge, Card } from "@/components/ui/card";
import { apiFetch, ApiRequestError } from "@/lib/api/client-fetch";
import { ROLE_LABELS, roleSchema } from "@/lib/auth/roles";
import type { TeamMember } from "@/lib/team/service";
import type { TeamMemberCreateInput } from "@/lib/team/schemas";
import { MemberForm } from "./member-form";
import { OrgTree } from "./org-tree";
import { OrganizationTimeZone } from "./organization-time-zone";
import { removalConfirmation } from "./removal-confirmation";

const teamKey = ["team"] as const;

type Props = { initialMembers: TeamMember[]; currentUserId: string; organizationTimeZone: string; timeZones: string[] };

export function TeamManager({ initialMembers, currentUserId, organizationTimeZone, timeZones }: Props) {
  const queryClient = useQueryClient();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [orgZone, setOrgZone] = useState(organizationTimeZone);
  const members = useQuery({
    queryKey: teamKey,
    queryFn: () => apiFetch<{ members: TeamMember[] }>("/api/team").then((body) => body.members),
    initialData: initialMembers,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: teamKey });
  const namesById = useMemo(() => new Map(members.data.map((member) => [member.id, member.name])), [members.data]);

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
  const managerOptions = (exceptId?: string) =>
    members.data.filter((member) => member.id !== exceptId).map((member) => ({ id: member.id, name: member.name }));
  const formProps = { timeZones, organizationTimeZone: orgZone };

  return (
    <div className="space-y-6">
      <OrganizationTimeZone value={orgZone} timeZones={timeZones} onSaved={setOrgZone} />
      <Card className="p-5">
        <h2 className="mb-4 text-base font-semibold">Add a person</h2>
        <MemberForm
          key={formKey}
          idPrefix="new"
          managerOptions={managerOptions()}
          {...formProps}
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
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_18rem] xl:items-start">
        <Card className="overflow-x-auto">
          {/* On phones each person is a card: the table's rows become two-column grids and its header is hidden. */}
          <table className="w-full text-left text-sm max-sm:block">
            <caption className="sr-only">Team members</caption>
            <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-600 uppercase max-sm:sr-only">
              <tr>
                <th scope="col" className="px-5 py-3 font-medium">Name</th>
                <th scope="col" className="px-5 py-3 font-medium">Email</th>
                <th scope="col" className="px-5 py-3 font-medium">Role</th>
                <th scope="col" className="px-5 py-3 font-medium">Reports to</th>
                <th scope="col" className="px-5 py-3 text-right font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-sm:block">
              {members.data.map((member) => {
                const role = roleSchema.safeParse(member.role);
                return editingId === member.id ? (
                  <tr key={member.id} className="max-sm:block">
                    <td colSpan={5} className="bg-slate-50 px-5 py-4 max-sm:block max-sm:px-4">
                      <MemberForm
                        idPrefix={`edit-${member.id}`}
                        initial={{
                          name: member.name,
                          email: member.email,
                          role: role.success ? role.data : undefined,
                          managerId: member.managerId,
                          timeZone: member.timeZone,
                        }}
                        managerOptions={managerOptions(member.id)}
                        {...formProps}
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
                    <td className="px-5 py-3 whitespace-nowrap max-sm:col-start-1 max-sm:p-0 max-sm:pt-1.5">
                      <Badge tone={member.role === "admin" ? "brand" : "neutral"}>{role.success ? ROLE_LABELS[role.data] : member.role}</Badge>
                      {!member.canSignIn ? <span className="ml-2 text-xs text-slate-600">no sign-in</span> : null}
                    </td>
                    <td className="px-5 py-3 text-slate-600 max-sm:col-start-1 max-sm:p-0 max-sm:pt-1 max-sm:text-xs" data-testid="reports-to">
                      {member.managerId ? (namesById.get(member.managerId) ?? "—") : <span className="text-slate-600">No one</span>}
                    </td>
                    <td className="px-5 py-3 text-right whitespace-nowrap max-sm:col-start-2 max-sm:row-span-4 max-sm:row-start-1 max-sm:flex max-sm:flex-col max-sm:items-end max-sm:justify-center max-sm:p-0">
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
                            if (window.confirm(removalConfirmation(member, members.data))) remove.mutate(member);
                          }}
                        >
                          Remove<span className="sr-only"> {member.name}</span>
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
        <OrgTree members={members.data} currentUserId={currentUserId} />
      </div>
    </div>
  );
}

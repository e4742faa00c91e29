"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { describedBy, Field, Select } from "@/components/ui/field";
import { apiFetch } from "@/lib/api/client-fetch";
import { organizationTimeZoneSchema } from "@/lib/team/schemas";

/** The organization's time zone: day boundaries and times for everyone without a zone of their own. */
export function OrganizationTimeZone({ value, timeZones, onSaved }: { value: string; timeZones: string[]; onSaved: (zone: string) => void }) {
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (timeZone: string) => apiFetch<{ timeZone: string }>("/api/organization", { method: "PATCH", json: { timeZone } }),
    onSuccess: (body) => {
      setSaved(true);
      onSaved(body.timeZone);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const parsed = organizationTimeZoneSchema.safeParse({ timeZone: new FormData(event.currentTarget).get("timeZone") });
    if (parsed.success) save.mutate(parsed.data.timeZone);
  };
  const error = save.error?.message;
  return (
    <Card className="p-5">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1 sm:max-w-sm">
          <Field id="org-time-zone" label="Organization time zone" error={error} hint="Days and times in the day view use it for everyone without a zone of their own.">
            <Select id="org-time-zone" name="timeZone" defaultValue={value} {...describedBy("org-time-zone", error, true)}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button type="submit" variant="secondary" busy={save.isPending}>
          Use this zone
        </Button>
        <span aria-live="polite" className="pb-2 text-sm text-emerald-700">{saved ? "Saved." : ""}</span>
      </form>
    </Card>
  );
}

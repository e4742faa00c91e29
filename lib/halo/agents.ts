import "server-only";
import { z } from "zod";
import type { HaloClient } from "./client";
import { HaloError } from "./errors";
import { haloIntSchema, toHaloBool } from "./halo-ids";
import { isRecord } from "./json-body";

export interface HaloAgent {
  haloAgentId: number;
  name: string;
  email: string | null;
  isDisabled: boolean;
  isApiAgent: boolean;
  /** Primary team name. */
  team: string | null;
}

/** Halo's built-in "Unassigned" agent; unassigned tickets carry agent_id 1. */
export const UNASSIGNED_HALO_AGENT_ID = 1;

export function isUnassignedAgent(id: number | null | undefined): boolean {
  return id === UNASSIGNED_HALO_AGENT_ID;
}

const text = z.unknown().optional().transform((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null));

const agentRowSchema = z.object({
  id: haloIntSchema.refine((id) => id > 0, "agent id must be positive"),
  name: text,
  firstname: text,
  surname: text,
  email: text,
  isdisabled: z.unknown().optional().transform(toHaloBool),
  isapiagent: z.unknown().optional().transform(toHaloBool),
  team: text,
  teams: z.unknown().optional(),
});

/**
 * Every agent, disabled and API agents included, so a refresh can show who left. Halo's
 * "Unassigned" placeholder (id 1) is not a person and is left out.
 */
export async function listHaloAgents(client: Pick<HaloClient, "get">): Promise<HaloAgent[]> {
  const json = await client.get("Agent", { includedisabled: true, includeapiagents: true });
  return parseHaloAgents(json);
}

/** Normalises a `GET /api/Agent` body; rows without a usable id are skipped. */
export function parseHaloAgents(json: unknown): HaloAgent[] {
  // The documented answer is a bare array; a wrapped `{agents: [...]}` is accepted too.
  const rows = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.agents) ? json.agents : null;
  if (!rows) throw new HaloError("bad_response", "Halo's agent list was not a list.");

  const agents: HaloAgent[] = [];
  for (const row of rows) {
    const parsed = agentRowSchema.safeParse(row);
    if (!parsed.success || isUnassignedAgent(parsed.data.id)) continue;
    const a = parsed.data;
    const fullName = [a.firstname, a.surname].filter(Boolean).join(" ");
    agents.push({
      haloAgentId: a.id,
      name: a.name ?? (fullName || `Agent ${a.id}`),
      email: a.email && a.email.includes("@") ? a.email : null,
      isDisabled: a.isdisabled,
      isApiAgent: a.isapiagent,
      team: a.team ?? firstTeamName(a.teams),
    });
  }
  return agents;
}

function firstTeamName(teams: unknown): string | null {
  if (!Array.isArray(teams)) return null;
  for (const team of teams) {
    if (isRecord(team) && typeof team.team_name === "string" && team.team_name.trim()) return team.team_name.trim();
  }
  return null;
}

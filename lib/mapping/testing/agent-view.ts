import type { MappingAgentView } from "../mapping-changes";

/** An unmapped, active, non-API agent as the mapping screen sees it, with any field overridden. */
export function agentView(haloAgentId: number, fields: Partial<MappingAgentView> = {}): MappingAgentView {
  return {
    haloAgentId,
    name: `Agent ${haloAgentId}`,
    email: null,
    team: null,
    isDisabled: false,
    isApiAgent: false,
    removedFromHalo: false,
    ignored: false,
    userId: null,
    mappedBy: null,
    mappedAt: null,
    ...fields,
  };
}

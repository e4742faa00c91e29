import { paginate, requireAccess } from "./access";
import { HttpError, notFound, sendJson, type RequestContext } from "./http";
import { handleAuthInfo, handleTokenRequest } from "./oauth";
import type { Router } from "./router";
import type { SimRuntime } from "./runtime";
import { applyLogRetention } from "./delivery";
import type { Agent, DeliveryLogEntry, Status, Ticket } from "./state";
import { registerWebhookRoutes } from "./webhook-api";

/** OAuth endpoints and the /api/* resources. */
export function registerApiRoutes(router: Router, runtime: SimRuntime): void {
  // Someone opening the "tenant URL" in a browser gets a pointer instead of a bare 404.
  router.get("/", (ctx) => {
    sendJson(ctx.res, 200, { name: "Halo simulator", tenant: runtime.config.tenant, api: `${ctx.origin}/api`, control: `${ctx.origin}/_sim/` });
  });
  router.post("/auth/token", (ctx) => handleTokenRequest(ctx, runtime));
  router.post("/token", (ctx) => handleTokenRequest(ctx, runtime));
  router.get("/api/authinfo", (ctx) => handleAuthInfo(ctx, runtime));

  router.get("/api/Agent", (ctx) => {
    requireAccess(ctx, runtime, { roleGated: true });
    sendJson(ctx.res, 200, listAgents(ctx, runtime));
  });
  router.get("/api/Agent/me", (ctx) => {
    requireAccess(ctx, runtime, { roleGated: true });
    sendJson(ctx.res, 200, agentOrNotFound(runtime, runtime.config.apiAgentId));
  });
  router.get("/api/Agent/:id", (ctx) => {
    requireAccess(ctx, runtime, { roleGated: true });
    sendJson(ctx.res, 200, agentOrNotFound(runtime, numericParam(ctx, "id")));
  });

  router.get("/api/Status", (ctx) => {
    requireAccess(ctx, runtime, { scope: "read:tickets" });
    sendJson(ctx.res, 200, [...runtime.state.statuses.values()].sort((a, b) => a.sequence - b.sequence).map(publicStatus));
  });
  router.get("/api/Status/:id", (ctx) => {
    requireAccess(ctx, runtime, { scope: "read:tickets" });
    const status = runtime.state.statuses.get(numericParam(ctx, "id"));
    if (!status) throw notFound("Record not found");
    sendJson(ctx.res, 200, publicStatus(status));
  });

  router.get("/api/Tickets", (ctx) => {
    requireAccess(ctx, runtime, { scope: "read:tickets" });
    const matching = filterTickets(ctx, runtime);
    const { page, paging } = paginate(ctx, matching);
    sendJson(ctx.res, 200, { ...paging, record_count: matching.length, tickets: page.map((t) => ticketView(ctx, runtime, t)) });
  });
  router.get("/api/Tickets/:id", (ctx) => {
    requireAccess(ctx, runtime, { scope: "read:tickets" });
    const ticket = runtime.state.tickets.get(numericParam(ctx, "id"));
    if (!ticket) throw notFound("Record not found");
    sendJson(ctx.res, 200, ticketView(ctx, runtime, ticket));
  });

  router.get("/api/Actions", (ctx) => {
    requireAccess(ctx, runtime, { scope: "read:tickets" });
    const ticketId = ctx.query.int("ticket_id");
    const actions = ticketId === undefined ? [] : (runtime.state.actions.get(ticketId) ?? []);
    sendJson(ctx.res, 200, { record_count: actions.length, actions });
  });

  router.get("/api/WebhookEvent", (ctx) => {
    requireAccess(ctx, runtime, { scope: "admin:webhooks", roleGated: true });
    applyLogRetention(runtime);
    const webhookId = ctx.query.get("webhook_id")?.toLowerCase();
    const matching = runtime.state.deliveryLog.filter((entry) => !webhookId || entry.webhook_id === webhookId);
    const ordered = orderLogEntries(ctx, matching);
    const { page, paging } = paginate(ctx, ordered);
    sendJson(ctx.res, 200, { ...paging, record_count: ordered.length, webhookevents: page });
  });
  router.get("/api/WebhookEvent/:id", (ctx) => {
    requireAccess(ctx, runtime, { scope: "admin:webhooks", roleGated: true });
    applyLogRetention(runtime);
    const id = (ctx.params.id ?? "").toLowerCase();
    const entry = runtime.state.deliveryLog.find((candidate) => candidate.id === id);
    if (!entry) throw notFound("Record not found");
    sendJson(ctx.res, 200, entry);
  });

  registerWebhookRoutes(router, runtime);
}

/**
 * By timestamp (the only `order` the simulator knows), newest first unless `orderdesc=false`. Entries are logged when
 * an attempt ends but stamped when it starts, so concurrent attempts need the sort.
 */
function orderLogEntries(ctx: RequestContext, entries: DeliveryLogEntry[]): DeliveryLogEntry[] {
  const order = ctx.query.get("order")?.toLowerCase() ?? "timestamp";
  if (order !== "timestamp") throw new HttpError(400, { error: "invalid_order", message: `Cannot order the webhook log by '${order}'` });
  const direction = (ctx.query.bool("orderdesc") ?? true) ? -1 : 1;
  // Fixed-width ISO strings compare in time order.
  return [...entries].sort((a, b) => direction * (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
}

function listAgents(ctx: RequestContext, runtime: SimRuntime): Agent[] {
  const { config } = runtime;
  const includeEnabled = ctx.query.bool("includeenabled") ?? true;
  const includeDisabled = ctx.query.bool("includedisabled") ?? false;
  const includeUnassigned = ctx.query.bool("includeunassigned") ?? config.includeUnassignedByDefault;
  const includeApiAgents = ctx.query.bool("includeapiagents") ?? config.includeApiAgentsByDefault;
  const search = ctx.query.get("search")?.toLowerCase();
  return [...runtime.state.agents.values()]
    .filter((agent) => (agent.isdisabled ? includeDisabled : includeEnabled))
    .filter((agent) => agent.id !== 1 || includeUnassigned)
    .filter((agent) => !agent.isapiagent || includeApiAgents)
    .filter((agent) => !search || agent.name.toLowerCase().includes(search) || agent.email.toLowerCase().includes(search))
    .sort((a, b) => a.id - b.id);
}

function agentOrNotFound(runtime: SimRuntime, id: number): Agent {
  const agent = runtime.state.agents.get(id);
  if (!agent) throw notFound("Record not found");
  return agent;
}

function publicStatus(status: Status) {
  const { id, name, shortname, type, colour, sequence } = status;
  return { id, name, shortname, type, colour, sequence };
}

function filterTickets(ctx: RequestContext, runtime: SimRuntime): Ticket[] {
  const { query } = ctx;
  const agentId = query.int("agent_id");
  const statusId = query.int("status_id");
  const openOnly = query.bool("open_only") ?? false;
  const closedOnly = query.bool("closed_only") ?? false;
  const isClosed = (ticket: Ticket) => runtime.state.statuses.get(ticket.status_id)?.closed ?? false;
  const tickets = [...runtime.state.tickets.values()]
    .filter((ticket) => agentId === undefined || ticket.agent_id === agentId)
    .filter((ticket) => statusId === undefined || ticket.status_id === statusId)
    .filter((ticket) => !openOnly || !isClosed(ticket))
    .filter((ticket) => !closedOnly || isClosed(ticket))
    .sort((a, b) => a.id - b.id);
  return query.bool("orderdesc") ? tickets.reverse() : tickets;
}

/** `status_name`/`agent_name` are only filled when asked for, as in Halo. */
function ticketView(ctx: RequestContext, runtime: SimRuntime, ticket: Ticket) {
  const view: Ticket & { status_name?: string; agent_name?: string } = { ...ticket };
  if (ctx.query.bool("includestatus")) view.status_name = runtime.state.statuses.get(ticket.status_id)?.name ?? "";
  if (ctx.query.bool("includeagent")) view.agent_name = runtime.state.agents.get(ticket.agent_id)?.name ?? "";
  return view;
}

function numericParam(ctx: RequestContext, name: string): number {
  const value = Number(ctx.params[name]);
  if (!Number.isFinite(value)) throw new HttpError(404, { error: "not_found", message: "Record not found" });
  return Math.trunc(value);
}

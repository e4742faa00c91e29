import http from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import { registerApiRoutes } from "./api-routes";
import { parseSimConfig, type SimConfigInput, type SimSettings, type settingsPatchSchema } from "./config";
import { CONTROL_PREFIX, registerControlRoutes } from "./control-api";
import {
  SimController,
  type EventOutcome,
  type agentPatchSchema,
  type createTicketSchema,
  type newAgentSchema,
  type replySchema,
} from "./controller";
import type { Fault, FaultInput } from "./faults";
import { HttpError, QueryParams, parseJson, readBody, sendError, sendJson, sendText, type RequestContext } from "./http";
import { Router } from "./router";
import { SimRuntime } from "./runtime";
import type { Agent, DeliveryLogEntry, Ticket, Webhook } from "./state";
import type { TrafficInput, TrafficProgress } from "./traffic";

export type { SimConfig, SimConfigInput, SimSettings } from "./config";
export type { EventOutcome } from "./controller";
export type { Agent, DeliveryLogEntry, Ticket, TicketAction, Webhook } from "./state";
export type { Fault, FaultInput } from "./faults";
export type { TrafficInput, TrafficProgress } from "./traffic";
export { HALO_EVENTS, type HaloEventName } from "./events";
export { HttpError } from "./http";

export type CreateTicketInput = z.input<typeof createTicketSchema>;
export type NewAgentInput = z.input<typeof newAgentSchema>;
export type AgentPatch = z.input<typeof agentPatchSchema>;
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
export type ReplyInput = z.input<typeof replySchema>;

export interface WaitOption {
  /** Resolve only after the deliveries this event caused have finished (the result then lists them). */
  wait?: boolean;
}

export interface HaloSim {
  /** e.g. http://127.0.0.1:4610 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;

  config(): SimSettings;
  updateConfig(patch: SettingsPatch): SimSettings;
  reset(): void;

  createTicket(input: CreateTicketInput, options?: WaitOption): Promise<EventOutcome>;
  changeStatus(ticketId: number, statusId: number, options?: WaitOption & { actingAgentId?: number }): Promise<EventOutcome>;
  reassign(ticketId: number, agentId: number, options?: WaitOption & { actingAgentId?: number }): Promise<EventOutcome>;
  reply(ticketId: number, input?: ReplyInput, options?: WaitOption): Promise<EventOutcome>;
  tickets(): Ticket[];

  agents(): Agent[];
  addAgent(input: NewAgentInput): Agent;
  updateAgent(id: number, patch: AgentPatch): Agent;
  removeAgent(id: number): Agent;

  /** Stored webhooks including Basic passwords. */
  webhooks(): Webhook[];
  deliveries(filter?: { webhookId?: string; ticketId?: number }): DeliveryLogEntry[];
  resend(deliveryLogId: string, options?: WaitOption): Promise<{ queued: number; delivery?: DeliveryLogEntry }>;
  /** Resolves once the delivery queue is empty. */
  flush(): Promise<void>;

  addFault(input: FaultInput): Fault;
  clearFaults(): number;

  startTraffic(input: TrafficInput): TrafficProgress;
  traffic(runId: string): TrafficProgress;
  stopTraffic(runId: string): TrafficProgress;

  /** A valid bearer token without the OAuth request; default scopes = those ticked on the application. */
  issueToken(scopes?: string[]): string;
  /** Invalidate every issued token (the next API call gets 401). */
  expireTokens(): number;
}

export interface StartOptions {
  /** Receives one line per request (method, path, status, time) and internal errors. Never bodies or secrets. */
  log?: (line: string) => void;
}

export async function startHaloSim(config: SimConfigInput = {}, options: StartOptions = {}): Promise<HaloSim> {
  const runtime = new SimRuntime(parseSimConfig(config), options.log ?? (() => {}));
  const controller = new SimController(runtime);
  const apiRouter = new Router();
  registerApiRoutes(apiRouter, runtime);
  const controlRouter = new Router();
  registerControlRoutes(controlRouter, runtime, controller);

  const slowTimers = new Set<NodeJS.Timeout>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        slowTimers.delete(timer);
        resolve();
      }, ms);
      slowTimers.add(timer);
    });

  const server = http.createServer((req, res) => {
    const started = performance.now();
    res.on("finish", () => runtime.log(`${req.method ?? "?"} ${req.url ?? ""} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
    void handle(req, res).catch((error: unknown) => {
      runtime.log(`internal error on ${req.method ?? "?"} ${req.url ?? ""}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "internal_error", message: (error as Error).message });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const ctx = requestContext(req, res, runtime);
    const isControl = ctx.path.toLowerCase() === CONTROL_PREFIX || ctx.path.toLowerCase().startsWith(`${CONTROL_PREFIX}/`);
    if (!isControl) {
      const fault = controller.faults.take(ctx.path);
      if (fault?.kind === "drop") {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "error500") {
        sendJson(res, 500, { ClassName: "System.Exception", Message: "An error has occurred (injected by the Halo simulator)" });
        return;
      }
      if (fault?.kind === "slow") await delay(fault.delayMs);
      const decision = controller.limiter.check(runtime.config.rateLimit);
      if (!decision.allowed) {
        const headers: Record<string, string> = runtime.config.sendRetryAfter ? { "Retry-After": String(decision.retryAfterSeconds) } : {};
        sendText(res, 429, decision.message, headers);
        return;
      }
    }
    const match = (isControl ? controlRouter : apiRouter).match(ctx.method, ctx.path);
    try {
      if (match.kind === "not-found") throw new HttpError(404, { error: "not_found", message: `No route for ${ctx.method} ${ctx.path}` });
      if (match.kind === "method-not-allowed") {
        throw new HttpError(405, { error: "method_not_allowed", message: `Use ${match.allowed.join(", ")}` }, { Allow: match.allowed.join(", ") });
      }
      ctx.params = match.params;
      await match.handler(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (!res.headersSent) sendError(res, error);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(runtime.startupConfig.port, runtime.startupConfig.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = runtime.startupConfig.host.includes(":") ? `[${runtime.startupConfig.host}]` : runtime.startupConfig.host;
  runtime.url = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      controller.close();
      for (const timer of slowTimers) clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: runtime.url,
    port,
    close,
    config: () => controller.settings(),
    updateConfig: (patch) => controller.updateSettings(patch),
    reset: () => controller.reset(),
    createTicket: (input, opts) => controller.createTicket(input, opts?.wait),
    changeStatus: (ticketId, statusId, opts) =>
      controller.changeStatus(ticketId, { status_id: statusId, acting_agent_id: opts?.actingAgentId }, opts?.wait),
    reassign: (ticketId, agentId, opts) =>
      controller.reassign(ticketId, { agent_id: agentId, acting_agent_id: opts?.actingAgentId }, opts?.wait),
    reply: (ticketId, input, opts) => controller.reply(ticketId, input ?? {}, opts?.wait),
    tickets: () => controller.listTickets(),
    agents: () => controller.listAgents(),
    addAgent: (input) => controller.addAgent(input),
    updateAgent: (id, patch) => controller.updateAgent(id, patch),
    removeAgent: (id) => controller.removeAgent(id),
    webhooks: () => controller.listWebhooks(),
    deliveries: (filter) => controller.deliveryLog(filter),
    resend: (id, opts) => controller.resend(id, opts?.wait),
    flush: () => controller.flush(),
    addFault: (input) => controller.addFault(input),
    clearFaults: () => controller.faults.clear(),
    startTraffic: (input) => controller.startTraffic(input),
    traffic: (runId) => controller.trafficProgress(runId),
    stopTraffic: (runId) => controller.stopTraffic(runId),
    issueToken: (scopes) => controller.issueToken(scopes ? { scopes } : {}).access_token,
    expireTokens: () => controller.expireTokens(),
  };
}

function requestContext(req: http.IncomingMessage, res: http.ServerResponse, runtime: SimRuntime): RequestContext {
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  let bodyText: Promise<string> | undefined;
  const readOnce = () => (bodyText ??= readBody(req));
  return {
    req,
    res,
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    params: {},
    query: new QueryParams(url.searchParams),
    origin: req.headers.host ? `http://${req.headers.host}` : runtime.url,
    readBody: readOnce,
    readJson: async () => parseJson(await readOnce()),
  };
}

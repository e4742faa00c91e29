import { parsePositiveId, type SimController } from "./controller";
import { notFound, sendJson, type RequestContext } from "./http";
import type { Router } from "./router";
import type { SimRuntime } from "./runtime";

export const CONTROL_PREFIX = "/_sim";

/** The simulator's own API under /_sim/: no token, no rate limit, no faults. */
export function registerControlRoutes(router: Router, runtime: SimRuntime, controller: SimController): void {
  const p = CONTROL_PREFIX;
  const wait = (ctx: RequestContext) => ctx.query.bool("wait") ?? false;
  const id = (ctx: RequestContext, what: string) => parsePositiveId(ctx.params.id, what);
  const body = async (ctx: RequestContext) => ((await ctx.readBody()).trim() === "" ? {} : ctx.readJson());

  router.get(`${p}/health`, (ctx) => {
    sendJson(ctx.res, 200, { ok: true, url: runtime.url, tenant: runtime.config.tenant });
  });

  router.get(`${p}/config`, (ctx) => sendJson(ctx.res, 200, controller.settings()));
  router.patch(`${p}/config`, async (ctx) => sendJson(ctx.res, 200, controller.updateSettings(await ctx.readJson())));
  router.post(`${p}/reset`, (ctx) => {
    controller.reset();
    sendJson(ctx.res, 200, { reset: true });
  });

  router.get(`${p}/tickets`, (ctx) => sendJson(ctx.res, 200, controller.listTickets()));
  router.post(`${p}/tickets`, async (ctx) => {
    sendJson(ctx.res, 201, await controller.createTicket(await ctx.readJson(), wait(ctx)));
  });
  router.post(`${p}/tickets/:id/status`, async (ctx) => {
    sendJson(ctx.res, 200, await controller.changeStatus(id(ctx, "ticket"), await ctx.readJson(), wait(ctx)));
  });
  router.post(`${p}/tickets/:id/assign`, async (ctx) => {
    sendJson(ctx.res, 200, await controller.reassign(id(ctx, "ticket"), await ctx.readJson(), wait(ctx)));
  });
  router.post(`${p}/tickets/:id/reply`, async (ctx) => {
    sendJson(ctx.res, 200, await controller.reply(id(ctx, "ticket"), await body(ctx), wait(ctx)));
  });

  router.get(`${p}/agents`, (ctx) => sendJson(ctx.res, 200, controller.listAgents()));
  router.post(`${p}/agents`, async (ctx) => sendJson(ctx.res, 201, controller.addAgent(await ctx.readJson())));
  router.patch(`${p}/agents/:id`, async (ctx) => {
    sendJson(ctx.res, 200, controller.updateAgent(id(ctx, "agent"), await ctx.readJson()));
  });
  router.delete(`${p}/agents/:id`, (ctx) => sendJson(ctx.res, 200, controller.removeAgent(id(ctx, "agent"))));

  router.get(`${p}/webhooks`, (ctx) => sendJson(ctx.res, 200, controller.listWebhooks()));

  router.get(`${p}/deliveries`, (ctx) => {
    const ticketId = ctx.query.int("ticket_id");
    sendJson(ctx.res, 200, controller.deliveryLog({ webhookId: ctx.query.get("webhook_id"), ticketId }));
  });
  router.post(`${p}/deliveries/:id/resend`, async (ctx) => {
    const result = await controller.resend(ctx.params.id ?? "", wait(ctx));
    sendJson(ctx.res, result.delivery ? 200 : 202, result);
  });

  router.get(`${p}/faults`, (ctx) => sendJson(ctx.res, 200, controller.faults.list()));
  router.post(`${p}/faults`, async (ctx) => sendJson(ctx.res, 201, controller.addFault(await ctx.readJson())));
  router.delete(`${p}/faults`, (ctx) => sendJson(ctx.res, 200, { removed: controller.faults.clear() }));
  router.delete(`${p}/faults/:id`, (ctx) => {
    if (!controller.faults.remove((ctx.params.id ?? "").toLowerCase())) throw notFound(`Fault ${ctx.params.id ?? ""} not found`);
    sendJson(ctx.res, 200, { removed: 1 });
  });

  router.get(`${p}/traffic`, (ctx) => sendJson(ctx.res, 200, controller.traffic.list()));
  router.post(`${p}/traffic`, async (ctx) => sendJson(ctx.res, 202, controller.startTraffic(await ctx.readJson())));
  router.get(`${p}/traffic/:id`, (ctx) => sendJson(ctx.res, 200, controller.trafficProgress(ctx.params.id ?? "")));
  router.delete(`${p}/traffic/:id`, (ctx) => sendJson(ctx.res, 200, controller.stopTraffic(ctx.params.id ?? "")));

  router.post(`${p}/flush`, async (ctx) => {
    await controller.flush();
    sendJson(ctx.res, 200, { pending: controller.deliveries.pendingCount });
  });

  router.post(`${p}/tokens`, async (ctx) => sendJson(ctx.res, 201, controller.issueToken(await body(ctx))));
  router.delete(`${p}/tokens`, (ctx) => sendJson(ctx.res, 200, { expired: controller.expireTokens() }));
}

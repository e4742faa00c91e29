import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, DEMO_TENANT_PATH, loadConfigFile, type SimConfigInput } from "./config";
import { startHaloSim } from "./server";

const DEFAULT_PORT = 4610;

const USAGE = `Halo simulator

  npm run halo-sim -- [options]
    --port N                 listen port (default ${DEFAULT_PORT}; 0 = any free port)
    --host H                 listen address (default 127.0.0.1)
    --demo                   load the demo tenant (halo-sim/demo-tenant.json)
    --config FILE.json       config file (overrides --demo, overridden by the flags below)
    --client-id ID --client-secret SECRET
    --scopes "a b c"         scopes ticked on the API application
    --role ROLE              sys-all-permissions | Administrator
    --tenant NAME            tenant name (checked on /token?tenant=)
    --token-lifetime SECS    access token lifetime (default 3600)
    --rate-limit N/SECS      e.g. 300/300 = 300 requests per rolling 5 minutes
    --quiet                  do not log requests

  npm run halo-sim -- fire <new|status|assign|reply> --url URL [--ticket N] [--status N] [--agent N]
                           [--summary TEXT] [--user NAME] [--note TEXT] [--no-wait]
    Fire one ticket event against a running simulator and print the delivery results.
`;

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "fire") return fire(argv.slice(1));
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      demo: { type: "boolean", default: false },
      config: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      scopes: { type: "string" },
      role: { type: "string" },
      tenant: { type: "string" },
      "token-lifetime": { type: "string" },
      "rate-limit": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }

  const config: Record<string, unknown> = {
    ...(values.demo ? (JSON.parse(readFileSync(DEMO_TENANT_PATH, "utf8")) as object) : {}),
    ...(values.config ? (loadConfigFile(values.config) as object) : {}),
  };
  config.port = values.port !== undefined ? toNumber(values.port, "--port") : (config.port ?? DEFAULT_PORT);
  if (values.host) config.host = values.host;
  if (values["client-id"]) config.clientId = values["client-id"];
  if (values["client-secret"]) config.clientSecret = values["client-secret"];
  if (values.scopes !== undefined) config.scopes = values.scopes.split(/\s+/).filter(Boolean);
  if (values.role) config.role = values.role;
  if (values.tenant) config.tenant = values.tenant;
  if (values["token-lifetime"]) config.tokenLifetimeSeconds = toNumber(values["token-lifetime"], "--token-lifetime");
  if (values["rate-limit"]) config.rateLimit = parseRateLimit(values["rate-limit"]);

  const log = values.quiet ? undefined : (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const sim = await startHaloSim(config as SimConfigInput, { log });
  const settings = sim.config();
  const friendlyUrl = sim.url.replace("://127.0.0.1:", "://localhost:");
  // Printing the credentials is the point of the banner: they are what you type into the connect wizard.
  process.stdout.write(
    [
      `Halo simulator listening on ${friendlyUrl}${friendlyUrl !== sim.url ? ` (${sim.url})` : ""}`,
      `  Tenant URL     ${friendlyUrl}`,
      `  Tenant name    ${settings.tenant}`,
      `  Token URL      ${friendlyUrl}/auth/token  (or ${friendlyUrl}/token?tenant=${settings.tenant})`,
      `  Client ID      ${settings.clientId}`,
      `  Client Secret  ${settings.clientSecret}`,
      `  Scopes ticked  ${settings.scopes.join(" ") || "(none)"}`,
      `  Role           ${settings.role}`,
      `  Rate limit     ${settings.rateLimit.requests} requests / ${settings.rateLimit.windowSeconds} s`,
      `  Control API    ${friendlyUrl}/_sim/  (see halo-sim/README.md)`,
      "",
    ].join("\n"),
  );

  const shutdown = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

async function fire(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string", default: `http://localhost:${DEFAULT_PORT}` },
      ticket: { type: "string" },
      status: { type: "string" },
      agent: { type: "string" },
      summary: { type: "string" },
      user: { type: "string" },
      note: { type: "string" },
      "no-wait": { type: "boolean", default: false },
    },
  });
  const kind = positionals[0];
  const base = values.url.replace(/\/+$/, "");
  const ticket = () => toNumber(required(values.ticket, "--ticket"), "--ticket");
  let path: string;
  let body: Record<string, unknown>;
  switch (kind) {
    case "new":
      path = "/_sim/tickets";
      body = { summary: values.summary ?? "Ticket fired by hand", agent_id: values.agent ? toNumber(values.agent, "--agent") : undefined };
      if (values.status) body.status_id = toNumber(values.status, "--status");
      if (values.user) body.user_name = values.user;
      break;
    case "status":
      path = `/_sim/tickets/${ticket()}/status`;
      body = { status_id: toNumber(required(values.status, "--status"), "--status") };
      break;
    case "assign":
      path = `/_sim/tickets/${ticket()}/assign`;
      body = { agent_id: toNumber(required(values.agent, "--agent"), "--agent") };
      break;
    case "reply":
      path = `/_sim/tickets/${ticket()}/reply`;
      body = { user_name: values.user, note: values.note };
      break;
    default:
      throw new ConfigError(`fire needs one of new|status|assign|reply, got '${kind ?? ""}'\n\n${USAGE}`);
  }
  const response = await fetch(`${base}${path}${values["no-wait"] ? "" : "?wait=true"}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as {
    event?: string;
    ticket?: { id: number };
    queued?: number;
    deliveries?: { url: string; responsestatus: number; error: boolean; error_message: string; duration: number }[];
    message?: string;
  };
  if (!response.ok) throw new ConfigError(`Simulator answered ${response.status}: ${result.message ?? JSON.stringify(result)}`);
  process.stdout.write(`Fired "${result.event ?? kind}" for ticket ${result.ticket?.id ?? "?"}: ${result.queued ?? 0} delivery(ies) queued\n`);
  for (const delivery of result.deliveries ?? []) {
    const outcome = delivery.error ? `FAILED (${delivery.responsestatus || delivery.error_message})` : `HTTP ${delivery.responsestatus}`;
    process.stdout.write(`  -> ${delivery.url}  ${outcome}  ${delivery.duration} ms\n`);
  }
}

function parseRateLimit(value: string): { requests: number; windowSeconds: number } {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value.trim());
  if (!match) throw new ConfigError(`--rate-limit wants N/windowSeconds, e.g. 300/300; got '${value}'`);
  return { requests: Number(match[1]), windowSeconds: Number(match[2]) };
}

function toNumber(value: string, flag: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) throw new ConfigError(`${flag} wants a number; got '${value}'`);
  return number;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new ConfigError(`${flag} is required for this event`);
  return value;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ConfigError || (error as NodeJS.ErrnoException).code === "EADDRINUSE" || error instanceof TypeError;
  process.stderr.write(`${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});

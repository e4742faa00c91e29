import "server-only";
import { findUnrecognisedScopes } from "./unrecognised-scopes";
import type { HostResolver, NetworkPolicy } from "./address-guard";
import { type HaloAgent, listHaloAgents } from "./agents";
import { HaloClient } from "./client";
import { discoverHaloEndpoints } from "./discovery";
import { type HaloErrorCode, isHaloError } from "./errors";
import { GuardedFetcher } from "./guarded-fetch";
import type { RetryPolicy, Sleep } from "./retry-policy";
import { missingHaloScopes, REQUIRED_HALO_SCOPES, type RequiredHaloScope } from "./scopes";
import { normaliseTenantUrl } from "./tenant-url";

export type VerifyStep = "reach" | "identify" | "authenticate" | "permissions";
export type VerifyStepState = "running" | "passed" | "failed";
export const VERIFY_STEPS: readonly VerifyStep[] = ["reach", "identify", "authenticate", "permissions"];

export interface VerifyConnectionInput {
  /** As typed or already normalised. */
  tenantUrl: string;
  clientId: string;
  clientSecret: string;
  policy: NetworkPolicy;
  onStep?: (step: VerifyStep, state: VerifyStepState) => void;
  /** Per HTTP exchange. Default 10 s. */
  timeoutMs?: number;
  resolve?: HostResolver;
  retry?: RetryPolicy;
  sleep?: Sleep;
}

export type VerifyConnectionResult =
  | {
      ok: true;
      /** Normalised tenant URL. */
      baseUrl: string;
      apiBaseUrl: string;
      tokenUrl: string;
      tenantName?: string;
      /** What Halo granted; null when its token response did not say. */
      grantedScopes: string[] | null;
      agents: HaloAgent[];
    }
  | {
      ok: false;
      step: VerifyStep;
      code: HaloErrorCode;
      /** Plain English: what is wrong and what to do. */
      message: string;
      missingScopes?: RequiredHaloScope[];
    };

type Failure = Extract<VerifyConnectionResult, { ok: false }>;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The connect wizard's checks, in order, stopping at the first failure: reach the tenant, make
 * sure it is Halo, sign in, then check the permissions WorkSights needs.
 */
export async function verifyHaloConnection(input: VerifyConnectionInput): Promise<VerifyConnectionResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let step: VerifyStep = "reach";
  const enter = (next: VerifyStep) => {
    step = next;
    input.onStep?.(next, "running");
  };
  const pass = () => input.onStep?.(step, "passed");
  const fail = (failure: Omit<Failure, "ok" | "step">): Failure => {
    input.onStep?.(step, "failed");
    return { ok: false, step, ...failure };
  };

  enter("reach");
  const tenant = normaliseTenantUrl(input.tenantUrl);
  if (!tenant.ok) return fail({ code: "invalid_url", message: tenant.message });
  const baseUrl = tenant.value.baseUrl;
  const host = new URL(baseUrl).host;

  const fetcher = new GuardedFetcher({ policy: input.policy, resolve: input.resolve, timeoutMs });
  try {
    let endpoints;
    try {
      endpoints = await discoverHaloEndpoints(baseUrl, fetcher, {
        onReached: () => {
          pass();
          enter("identify");
        },
      });
    } catch (error) {
      return fail(describeFailure(error, { step, host, timeoutMs }));
    }
    pass();

    enter("authenticate");
    const halo = new HaloClient({
      apiBaseUrl: endpoints.apiBaseUrl,
      tokenUrl: endpoints.tokenUrl,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      scopes: REQUIRED_HALO_SCOPES,
      policy: input.policy,
      timeoutMs,
      retry: input.retry,
      sleep: input.sleep,
      fetcher,
    });
    let grantedScopes: string[] | null;
    try {
      grantedScopes = (await halo.getToken()).grantedScopes;
    } catch (error) {
      if (isHaloError(error, "invalid_scope")) {
        const unrecognised = await findUnrecognisedScopes({
          tokenUrl: endpoints.tokenUrl,
          clientId: input.clientId,
          clientSecret: input.clientSecret,
          fetcher,
          timeoutMs,
          retry: input.retry,
          sleep: input.sleep,
        }).catch(() => []);
        if (unrecognised.length > 0) {
          return fail({ code: "invalid_scope", message: unrecognisedScopesMessage(unrecognised) });
        }
      }
      return fail(describeFailure(error, { step, host: new URL(endpoints.tokenUrl).host, timeoutMs }));
    }
    pass();

    enter("permissions");
    // Halo grants only scopes that are ticked on the application and silently leaves out the rest.
    const missing = grantedScopes ? missingHaloScopes(grantedScopes) : [];
    if (missing.length > 0) {
      return fail({ code: "missing_scopes", message: missingScopesMessage(missing), missingScopes: missing });
    }
    let agents: HaloAgent[];
    try {
      agents = await listHaloAgents(halo);
    } catch (error) {
      return fail(describeFailure(error, { step, host, timeoutMs, probe: "agents", grantedScopes }));
    }
    try {
      await halo.get("Webhook");
    } catch (error) {
      return fail(describeFailure(error, { step, host, timeoutMs, probe: "webhooks", grantedScopes }));
    }
    pass();

    return {
      ok: true,
      baseUrl,
      apiBaseUrl: endpoints.apiBaseUrl,
      tokenUrl: endpoints.tokenUrl,
      tenantName: endpoints.tenantName,
      grantedScopes,
      agents,
    };
  } finally {
    // The client shares this fetcher, so closing the fetcher releases everything.
    await fetcher.close();
  }
}

interface FailureContext {
  step: VerifyStep;
  host: string;
  timeoutMs: number;
  probe?: "agents" | "webhooks";
  grantedScopes?: string[] | null;
}

const EXAMPLE = "yourcompany.halopsa.com";
const ROLE_FIX =
  "In Halo, open the API application and set the Identity Role of the agent it logs in as to sys-all-permissions (the Administrator role does not give API access to agents and webhooks), save, and try again.";

function describeFailure(error: unknown, context: FailureContext): Omit<Failure, "ok" | "step"> {
  if (!isHaloError(error)) throw error;
  const { host, step } = context;
  const code = error.code;
  const message = (() => {
    switch (code) {
      case "invalid_url":
        return `That address can't be used. Enter the address you use to open Halo, like ${EXAMPLE}.`;
      case "insecure_url":
        return `Halo must be reached over https://. Enter the address as https://${host}.`;
      case "address_blocked":
        return `${host} points to a private or internal network address${error.address ? ` (${error.address})` : ""}. WorkSights can only connect to Halo on a public address.`;
      case "dns_not_found":
        return `We couldn't find ${host}. Check the address for typos: it's the one you use to open Halo in your browser.`;
      case "connection_refused":
        return `${host} refused the connection. Check the address and port; if Halo is self-hosted, make sure it is running and reachable from the internet.`;
      case "timeout":
        return `${host} didn't answer within ${Math.round(context.timeoutMs / 100) / 10} seconds. Check the address, or try again in a minute if Halo is busy.`;
      case "tls_error":
        if (error.lowLevelCode === "ERR_SSL_WRONG_VERSION_NUMBER") {
          return `${host} does not speak HTTPS on this port. Check the port in the address; Halo must be reached over https://.`;
        }
        return `The secure connection to ${host} failed: its certificate isn't trusted or doesn't match the address${error.lowLevelCode ? ` (${error.lowLevelCode})` : ""}. Halo needs a valid HTTPS certificate for this address; ask whoever runs the server to fix it.`;
      case "network_error":
        return `The connection to ${host} broke off before Halo answered. Check the address and try again.`;
      case "too_many_redirects":
        return `${host} kept redirecting WorkSights elsewhere. Enter the address you use to open Halo, like ${EXAMPLE}.`;
      case "not_halo":
        return `${host} answered, but it isn't a Halo tenant. Enter the address you use to open Halo, like ${EXAMPLE}.`;
      case "invalid_client":
        return error.oauthError === "unauthorized_client"
          ? `Halo doesn't let this API application sign in with a Client ID and Secret. In the API application set Authentication Method to "Client ID and Secret (Services)" and Login Type to "Agent", save, and try again.`
          : "Halo didn't accept the Client ID or Client Secret. Copy them again from the API application in Halo (Configuration → Integrations → Halo API). If you just created the application, save it first: the Client ID can change when it is saved.";
      case "invalid_scope":
        return `Halo didn't recognise one of the permissions WorkSights asks for (${REQUIRED_HALO_SCOPES.join(", ")}). Check that each of them is offered on the API application's Permissions tab; if one is missing, your Halo version may be too old.`;
      case "unauthorized":
        return "Halo issued a sign-in token but then refused it. Check that the API application is active and its Login Type is Agent, then try again.";
      case "forbidden":
        if (context.probe === "webhooks" && context.grantedScopes === null) {
          return `Halo refused access to webhooks. Tick admin:webhooks on the API application's Permissions tab; if it is ticked, the role is the problem. ${ROLE_FIX}`;
        }
        return `Halo refused access to ${context.probe === "webhooks" ? "webhooks" : "the agent list"}. ${ROLE_FIX}`;
      case "rate_limited":
        return "Halo is limiting requests right now (too many in a short time). Wait a minute and try again.";
      case "not_found":
        return step === "authenticate"
          ? `Halo's sign-in address on ${host} wasn't found. Check the tenant address, like ${EXAMPLE}.`
          : `Halo on ${host} doesn't offer ${context.probe === "webhooks" ? "webhooks" : "the agent list"} through its API. Your Halo version may be too old.`;
      default:
        return `Halo on ${host} answered with an error we didn't expect${error.status ? ` (HTTP ${error.status})` : ""}. Try again in a few minutes.`;
    }
  })();
  return { code, message };
}

function unrecognisedScopesMessage(scopes: readonly string[]): string {
  const list = scopes.join(", ");
  return scopes.length === 1
    ? `This Halo does not know the permission ${list}, so it refuses to sign WorkSights in. Check the API application's Permissions tab: if ${list} is not offered there, your Halo version needs an update before WorkSights can connect.`
    : `This Halo does not know the permissions ${list}, so it refuses to sign WorkSights in. Check the API application's Permissions tab: if they are not offered there, your Halo version needs an update before WorkSights can connect.`;
}

function missingScopesMessage(missing: readonly string[]): string {
  if (missing.length === 1) {
    return `The API application in Halo doesn't have the permission ${missing[0]} ticked. Tick it on the application's Permissions tab, save, and try again.`;
  }
  const list = `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
  return `The API application in Halo doesn't have these permissions ticked: ${list}. Tick each of them on the application's Permissions tab, save, and try again.`;
}

// Pure module: the wizard shows the same warning before submitting as the server gives after connecting.
import ipaddr from "ipaddr.js";
import { normaliseTenantUrl } from "@/lib/halo/tenant-url";

const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test", ".example"];

/**
 * Whether a host can only be reached from inside a network: localhost, private or loopback IP
 * literals and names under internal-only suffixes. Judged from the name alone (no DNS), so a
 * public-looking name that resolves to a private address counts as public.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return true;
  if (ipaddr.isValid(host)) return ipaddr.process(host).range() !== "unicast";
  return !host.includes(".");
}

export function isPrivateUrl(url: string): boolean {
  try {
    return isPrivateHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** A plain warning when Halo (public) could not deliver to this app (private); null when fine. */
export function webhookReachabilityWarning(appUrl: string, appUrlIsPrivate: boolean, tenantUrl: string): string | null {
  if (!appUrlIsPrivate) return null;
  const tenant = normaliseTenantUrl(tenantUrl);
  if (!tenant.ok || isPrivateHost(tenant.value.hostname)) return null;
  return `Halo will not be able to reach the webhook: this WorkSights runs at ${appUrl}, an address that only works inside your network, while ${tenant.value.hostname} is on the internet. The connection can be made, but no activity will arrive until WorkSights has a public address (set APP_URL) and you connect again.`;
}

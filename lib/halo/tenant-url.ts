// Pure module (no `server-only`): the connect wizard's form validates with the same schema as the server.
import ipaddr from "ipaddr.js";
import { z } from "zod";

/*
 * Normal form of a tenant URL: `<scheme>://<host>[:port][/prefix]`, no trailing slash.
 *
 * - No scheme typed → https. Halo-hosted domains are always https, so http:// is upgraded there.
 *   Plain http:// stays for other hosts (local simulator, lab installs); whether it may be used is
 *   decided at fetch time by the network policy, not here.
 * - A trailing Halo endpoint (`/api…`, `/auth…`) is cut off: people paste the API or token URL.
 * - Halo-hosted tenants always live at the root of their host, so any other path is dropped there
 *   (it comes from copying the browser's address bar). A self-hosted install may sit under a
 *   sub-path of a shared web server (`https://intranet.example.com/halo`), so for other hosts the
 *   remaining path is kept as the install prefix; `/api` and `/auth` are appended to it.
 * - A query or fragment is refused rather than silently dropped: no Halo address needs one.
 */

export type HaloProduct = "halopsa" | "haloitsm" | "haloservicedesk" | "halocrm" | "self-hosted";

export interface NormalisedTenantUrl {
  /** Normal form, e.g. `https://acme.halopsa.com` or `https://halo.example.com:8443/halo`. */
  baseUrl: string;
  origin: string;
  /** "" or a path such as "/halo" (self-hosted installs only). */
  pathPrefix: string;
  /** Host name without brackets or port, lower case. */
  hostname: string;
  product: HaloProduct;
  hostedByHalo: boolean;
  isIpLiteral: boolean;
}

export type TenantUrlResult =
  | { ok: true; value: NormalisedTenantUrl }
  | { ok: false; message: string };

const HALO_HOSTED_DOMAINS: ReadonlyArray<readonly [string, Exclude<HaloProduct, "self-hosted">]> = [
  ["halopsa.com", "halopsa"],
  ["haloitsm.com", "haloitsm"],
  ["haloservicedesk.com", "haloservicedesk"],
  ["halocrm.io", "halocrm"],
];

const EXAMPLE = "yourcompany.halopsa.com";
const MAX_LENGTH = 2048;

const message = {
  empty: `Enter the address you use to open Halo, like ${EXAMPLE}.`,
  tooLong: `That address is too long. Enter the address you use to open Halo, like ${EXAMPLE}.`,
  spaces: `The address can't contain spaces. Enter the address you use to open Halo, like ${EXAMPLE}.`,
  scheme: (scheme: string) =>
    `Addresses starting with “${scheme}:” can't be used. Enter an https:// address, like https://${EXAMPLE}.`,
  credentials:
    "Leave the user name and password out of the address. The Client ID and Client Secret go in their own fields.",
  query: (query: string) =>
    `Remove “${shorten(query)}” from the end of the address; only the address of Halo is needed, like ${EXAMPLE}.`,
  fragment: (fragment: string) =>
    `Remove “${shorten(fragment)}” from the end of the address; only the address of Halo is needed, like ${EXAMPLE}.`,
  notHost: (host: string) =>
    `“${shorten(host)}” isn't a valid web address. Enter the address you use to open Halo, like ${EXAMPLE}.`,
  incomplete: (label: string) =>
    `“${shorten(label)}” is incomplete. Enter the full address, like ${label}.halopsa.com.`,
  productSite: (domain: string) =>
    `${domain} is Halo's own website. Enter your company's Halo address, like yourcompany.${domain.replace(/^www\./, "")}.`,
} as const;

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const SCHEME_WITH_SLASHES = /^([a-z][a-z0-9+.-]*):\/\//i;
// `name:` that is not `host:port` (a port is all digits up to the end or the path).
const SCHEME_WITHOUT_SLASHES = /^([a-z][a-z0-9+.-]*):(?!\d+(?:[/?#]|$))/i;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normaliseTenantUrl(input: unknown): TenantUrlResult {
  if (typeof input !== "string") return fail(message.empty);
  let text = input.trim();
  if (text === "") return fail(message.empty);
  if (text.length > MAX_LENGTH) return fail(message.tooLong);
  if (/\s/.test(text)) return fail(message.spaces);

  // A bare IPv6 literal (`fe80::1`) would otherwise look like a URL scheme.
  if (ipaddr.IPv6.isValid(text)) text = `[${text}]`;

  let scheme = "https";
  let rest = text;
  const withSlashes = SCHEME_WITH_SLASHES.exec(text);
  const withoutSlashes = withSlashes ? null : SCHEME_WITHOUT_SLASHES.exec(text);
  if (withSlashes) {
    scheme = withSlashes[1]!.toLowerCase();
    rest = text.slice(withSlashes[0].length);
  } else if (withoutSlashes && !looksLikeCredentials(text, withoutSlashes[1]!)) {
    scheme = withoutSlashes[1]!.toLowerCase();
    rest = text.slice(withoutSlashes[0].length).replace(/^\/+/, "");
  } else if (text.startsWith("//")) {
    rest = text.slice(2);
  }
  if (scheme !== "https" && scheme !== "http") return fail(message.scheme(scheme));

  const authority = rest.split(/[/?#]/, 1)[0] ?? "";
  if (authority.includes("@")) return fail(message.credentials);
  if (authority === "") return fail(message.empty);

  let url: URL;
  try {
    url = new URL(`${scheme}://${rest}`);
  } catch {
    return fail(message.notHost(authority));
  }
  if (url.username || url.password) return fail(message.credentials);
  if (url.search !== "") return fail(message.query(url.search));
  if (url.hash !== "") return fail(message.fragment(url.hash));

  const host = checkHostname(url.hostname, authority);
  if (!host.ok) return host;
  const { hostname, isIpLiteral } = host;

  const product = productFor(hostname);
  if (product === "product-site") return fail(message.productSite(hostname));
  const hostedByHalo = product !== "self-hosted";

  if (hostedByHalo) scheme = "https";
  const port = url.port && !(scheme === "https" && url.port === "443") ? `:${url.port}` : "";
  const origin = `${scheme}://${isIpLiteral && hostname.includes(":") ? `[${hostname}]` : hostname}${port}`;

  const pathPrefix = hostedByHalo ? "" : installPrefix(url.pathname);
  return {
    ok: true,
    value: {
      baseUrl: origin + pathPrefix,
      origin,
      pathPrefix,
      hostname,
      product,
      hostedByHalo,
      isIpLiteral,
    },
  };
}

const NON_WEB_SCHEMES = new Set([
  "about", "blob", "data", "file", "ftp", "ftps", "javascript", "ldap", "mailto", "sftp", "smb", "ssh",
  "tel", "vbscript", "ws", "wss",
]);

/** `user:pw@host` starts like a scheme; `mailto:a@b.com` really is one. */
function looksLikeCredentials(text: string, scheme: string): boolean {
  if (NON_WEB_SCHEMES.has(scheme.toLowerCase())) return false;
  return (text.split(/[/?#]/, 1)[0] ?? "").includes("@");
}

function fail(text: string): { ok: false; message: string } {
  return { ok: false, message: text };
}

function checkHostname(
  rawHostname: string,
  typedAuthority: string,
): { ok: true; hostname: string; isIpLiteral: boolean } | { ok: false; message: string } {
  if (rawHostname.startsWith("[")) {
    const inner = rawHostname.slice(1, -1);
    if (!ipaddr.IPv6.isValid(inner)) return fail(message.notHost(typedAuthority));
    return { ok: true, hostname: ipaddr.IPv6.parse(inner).toString(), isIpLiteral: true };
  }
  // WHATWG URL parsing already turned decimal/octal/hex/short IPv4 forms into a dotted quad.
  if (ipaddr.IPv4.isValidFourPartDecimal(rawHostname)) {
    return { ok: true, hostname: rawHostname, isIpLiteral: true };
  }
  const hostname = rawHostname.replace(/\.$/, "");
  if (hostname.length === 0 || hostname.length > 253) return fail(message.notHost(typedAuthority));
  const labels = hostname.split(".");
  if (!labels.every((label) => DNS_LABEL.test(label))) return fail(message.notHost(typedAuthority));
  if (/^\d+$/.test(labels[labels.length - 1]!)) return fail(message.notHost(typedAuthority));
  if (labels.length === 1 && hostname !== "localhost") return fail(message.incomplete(hostname));
  return { ok: true, hostname, isIpLiteral: false };
}

function productFor(hostname: string): HaloProduct | "product-site" {
  for (const [domain, product] of HALO_HOSTED_DOMAINS) {
    if (hostname === domain || hostname === `www.${domain}`) return "product-site";
    if (hostname.endsWith(`.${domain}`)) return product;
  }
  return "self-hosted";
}

function installPrefix(pathname: string): string {
  const segments = pathname.split("/").filter((segment) => segment !== "");
  const endpointAt = segments.findIndex((segment) => /^(api|auth)$/i.test(segment));
  const kept = endpointAt === -1 ? segments : segments.slice(0, endpointAt);
  return kept.length === 0 ? "" : `/${kept.join("/")}`;
}

/** Guesses the product from a host name; "self-hosted" for anything not on a Halo domain. */
export function guessHaloProduct(hostname: string): HaloProduct {
  const product = productFor(hostname.toLowerCase().replace(/\.$/, ""));
  return product === "product-site" ? "self-hosted" : product;
}

/** Shared by the wizard form and the server: accepts what admins paste, yields the normal form. */
export const tenantUrlSchema = z.string({ error: message.empty }).transform((value, ctx) => {
  const result = normaliseTenantUrl(value);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  }
  return result.value.baseUrl;
});

import ipaddr from "ipaddr.js";

/**
 * The address sign-in throttling keys on. Behind `trustedProxyHops` proxies, each appends the address it received
 * the request from to X-Forwarded-For, so the entry that many places from the right was written by our nearest
 * trusted proxy about the client; anything further left was sent by the client and proves nothing. With no trusted
 * proxy the header is ignored (a client can send any value), so every client is "unknown".
 */
export function clientAddress(headers: Headers, trustedProxyHops: number): string {
  if (trustedProxyHops <= 0) return "unknown";
  const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const candidate = entries[entries.length - trustedProxyHops];
  if (!candidate || !ipaddr.isValid(candidate)) return "unknown";
  return ipaddr.process(candidate).toString();
}

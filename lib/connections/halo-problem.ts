import { isHaloError } from "@/lib/halo/errors";

/**
 * A short reason for a failed Halo call, to finish a sentence such as "The webhook could not be
 * registered: …". HaloError messages are built by lib/halo from fixed text and redacted server
 * text, so they are safe to show; anything else is summarised without detail.
 */
export function describeHaloProblem(error: unknown): string {
  if (!isHaloError(error)) return "something unexpected went wrong";
  const host = error.host ?? "Halo";
  switch (error.code) {
    case "dns_not_found":
      return `the address ${host} could not be found`;
    case "connection_refused":
      return `${host} refused the connection`;
    case "timeout":
      return `${host} did not answer in time`;
    case "tls_error":
      return `the secure connection to ${host} failed`;
    case "network_error":
      return `the connection to ${host} broke off`;
    case "address_blocked":
      return `${host} points to a private network address`;
    case "invalid_client":
    case "unauthorized":
      return "Halo no longer accepts the Client ID and Secret";
    case "forbidden":
      return "Halo refused access (HTTP 403): the API application needs admin:webhooks ticked and the Identity Role sys-all-permissions";
    case "rate_limited":
      return "Halo is limiting requests right now; wait a minute and try again";
    default:
      return error.message.replace(/\.$/, "");
  }
}

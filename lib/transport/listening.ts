/** The `listening` event every server emits, with the bind-address hint of PRODUCT.md. */
import type { Emit } from "../events/types.ts";
import { type Endpoint, formatAddr, scheme } from "./endpoint.ts";
import type { Joined } from "./multicast.ts";
import { announceCertificate } from "./tls.ts";

/**
 * Emits `listening` (address, port; for a group, the group and interface joined)
 * and, when no host was named, how to accept other machines.
 */
export function announceListening(
  emit: Emit,
  ep: Endpoint,
  addr: Deno.Addr,
  extra: Record<string, unknown> = {},
  joined?: Joined,
): void {
  const address = formatAddr(addr);
  const port = "port" in addr ? addr.port : undefined;
  const tls = ep.transport !== "unix" && ep.tls ? announceCertificate(emit, ep.tls) : {};
  const member = joined ? `, member of ${joined.text}` : "";
  emit({
    event: "listening",
    address,
    port,
    // `tls` for TLS over TCP: the scheme a client dials.
    transport: scheme(ep),
    message: `Listening on ${scheme(ep)}://${address}${member}`,
    ...tls,
    ...(joined ? { group: joined.group, iface: joined.iface } : {}),
    ...extra,
  });
  if (ep.transport !== "unix" && !ep.hostGiven) {
    emit({
      event: "info",
      kind: "note",
      message:
        `bound to ${ep.host} (this machine only); use 0.0.0.0:${port} or [::]:${port} to accept other machines`,
    });
  }
}

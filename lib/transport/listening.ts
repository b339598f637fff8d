/** The `listening` event every server emits, with the bind-address hint of PRODUCT.md. */
import type { Emit } from "../display/events.ts";
import { type Endpoint, formatAddr, scheme } from "../options/endpoint.ts";
import { announceCertificate } from "./tls.ts";

/** Emits `listening` (address, port) and, when no host was named, how to accept other machines. */
export function announceListening(
  emit: Emit,
  ep: Endpoint,
  addr: Deno.Addr,
  extra: Record<string, unknown> = {},
): void {
  const address = formatAddr(addr);
  const port = "port" in addr ? addr.port : undefined;
  const tls = ep.transport !== "unix" && ep.tls ? announceCertificate(emit, ep.tls) : {};
  emit({
    event: "listening",
    address,
    port,
    // `tls` for TLS over TCP: the scheme a client dials.
    transport: scheme(ep),
    message: `Listening on ${scheme(ep)}://${address}`,
    ...tls,
    ...extra,
  });
  if (ep.transport !== "unix" && !ep.hostGiven) {
    emit({
      event: "info",
      message:
        `bound to ${ep.host} (this machine only); use 0.0.0.0:${port} or [::]:${port} to accept other machines`,
    });
  }
}

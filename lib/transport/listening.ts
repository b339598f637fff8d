/** The `listening` event every server emits, with the bind-address hint of PRODUCT.md. */
import type { Emit } from "../events/types.ts";
import { type Endpoint, formatAddr, formatHostPort, scheme, withScheme } from "./endpoint.ts";
import type { Joined } from "./multicast.ts";
import { announceCertificate } from "./tls.ts";
import { said, saying } from "../i18n/say.ts";

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
  const where = `${scheme(ep)}://${address}`;
  emit({
    event: "listening",
    address,
    port,
    // `tls` for TLS over TCP: the scheme a client dials.
    transport: scheme(ep),
    ...saying(
      joined
        ? said("note.listening_member", { where, group: joined.text })
        : said("note.listening", { where }),
    ),
    ...tls,
    ...(joined ? { group: joined.group, iface: joined.iface } : {}),
    ...extra,
  });
  if (ep.transport !== "unix" && !ep.hostGiven) {
    // The endpoints to give instead keep the scheme: `udp://0.0.0.0:PORT` for a UDP server.
    const every = (host: string) => withScheme(ep, formatHostPort(host, port ?? 0));
    emit({
      event: "info",
      kind: "note",
      ...saying(
        said("note.loopback_only", { host: ep.host, ipv4: every("0.0.0.0"), ipv6: every("::") }),
      ),
    });
  }
}

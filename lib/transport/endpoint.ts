/**
 * Where a socket listens or connects, as the transport layer takes it, and
 * how addresses are written (PRODUCT.md's `HOST:PORT`, `[V6]:PORT`, paths).
 * The command line parses the user's spellings into these (options/endpoint.ts).
 */
import { NetworkError, saidOf, type ServerToStart, toNetworkError } from "../errors.ts";
import type { TlsSettings } from "./tls_settings.ts";
import { said } from "../i18n/say.ts";

export interface NetEndpoint {
  transport: "tcp" | "udp";
  host: string;
  port: number;
  /** False when the user named only a port (we bind loopback then, and say so). */
  hostGiven: boolean;
  /** Set for `tls://` (always with transport `tcp`): the command line fills in its files and names. */
  tls?: TlsSettings;
}
export interface UnixEndpoint {
  transport: "unix";
  path: string;
}
export type Endpoint = NetEndpoint | UnixEndpoint;

/** Formats an address as PRODUCT.md shows peers: `HOST:PORT`, `[V6]:PORT`, or the path. */
export function formatAddr(addr: Deno.Addr): string {
  if ("hostname" in addr) return formatHostPort(addr.hostname, addr.port);
  if ("path" in addr) return addr.path || "unix:(unnamed)";
  return `${addr.transport}:${JSON.stringify(addr)}`;
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The endpoint as the user would write it. */
export function formatEndpoint(ep: Endpoint): string {
  return ep.transport === "unix"
    ? `unix:${ep.path}`
    : `${scheme(ep)}://${formatHostPort(ep.host, ep.port)}`;
}

/** The scheme the user would write: `tls` for TLS over TCP, else the transport. */
export function scheme(ep: Endpoint): "tcp" | "tls" | "udp" | "unix" {
  return ep.transport !== "unix" && ep.tls ? "tls" : ep.transport;
}

/** An address as the user writes it for `ep`: bare for TCP (the default), else `udp://…`, `tls://…`. */
export function withScheme(ep: NetEndpoint, address: string): string {
  const spoken = scheme(ep);
  return spoken === "tcp" ? address : `${spoken}://${address}`;
}

/**
 * Where a server must listen for a client of `ep` to reach it, as serve and sink take it: the
 * port alone for 127.0.0.1 (what they bind by default), another loopback address or a group
 * itself, every interface for an address of another machine (the server runs there).
 */
export function listenFor(ep: NetEndpoint): string {
  if (ep.host === "127.0.0.1" || ep.host === "localhost") return withScheme(ep, String(ep.port));
  const v6 = ep.host.includes(":");
  const host = isLoopback(ep.host) || isGroup(ep.host) ? ep.host : v6 ? "::" : "0.0.0.0";
  return withScheme(ep, formatHostPort(host, ep.port));
}

/**
 * A failed `listen on`, `connect to` or `send to` of `ep`, as a one-line
 * NetworkError whose hint starts a server of the endpoint's scheme (on a unix
 * endpoint's own path: it has no port): `server`, the command a client of it needs.
 */
export function endpointError(
  verb: "listen" | "connect" | "send",
  ep: Endpoint,
  err: unknown,
  server: ServerToStart["command"] = "serve",
): NetworkError {
  const what = said(`net.${verb}`, { at: formatEndpoint(ep) });
  if (ep.transport === "unix" && err instanceof Deno.errors.ConnectionRefused) {
    return new NetworkError(
      said("net.cannot", { what, error: saidOf(err) }),
      said("hint.refused_unix", { path: ep.path }),
    );
  }
  // No such file on a unix path is about the path, never a host name: a connect finds no socket
  // there (no server made one), a listen no folder to make it in.
  if (ep.transport === "unix" && err instanceof Deno.errors.NotFound) {
    return new NetworkError(
      said("net.cannot", { what, error: saidOf(err) }),
      verb === "listen"
        ? said("hint.unix_no_folder", { dir: folderOf(ep.path) })
        : said("hint.unix_no_socket", { path: ep.path }),
    );
  }
  if (ep.transport === "unix") return toNetworkError(what, err, "unix");
  // The student forgot udp://: nothing takes TCP on the port, but a UDP socket here is bound to it.
  if (
    verb === "connect" && ep.transport === "tcp" && ep.tls === undefined &&
    err instanceof Deno.errors.ConnectionRefused && isLoopback(ep.host) && udpBound(ep.port)
  ) {
    return new NetworkError(
      said("net.cannot", { what, error: saidOf(err) }),
      said("hint.refused_udp", { at: formatEndpoint({ ...ep, transport: "udp" }) }),
    );
  }
  const start = { command: server, at: listenFor(ep) };
  return toNetworkError(what, err, scheme(ep), isLoopback(ep.host), start);
}

/** Whether a UDP socket of this machine is bound to `port` (Linux lists them in /proc). */
function udpBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  for (const table of ["/proc/net/udp", "/proc/net/udp6"]) {
    let text: string;
    try {
      text = Deno.readTextFileSync(table);
    } catch {
      continue; // not Linux, or not readable: nothing to say
    }
    for (const line of text.split("\n").slice(1)) {
      if (line.trim().split(/\s+/)[1]?.endsWith(hex)) return true;
    }
  }
  return false;
}

/** True when a host only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" ||
    /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** True when a host is a multicast group: IPv4 224.0.0.0/4 or IPv6 ff00::/8. */
export function isGroup(host: string): boolean {
  if (host.includes(":")) return /^ff[0-9a-f]{2}:/i.test(host);
  const octets = /^(\d+)\.\d+\.\d+\.\d+$/.exec(host);
  return octets !== null && Number(octets[1]) >= 224 && Number(octets[1]) <= 239;
}

/** The folder a unix socket's path is made in: `/run/x` of `/run/x/s.sock`, `.` of `s.sock`. */
function folderOf(path: string): string {
  const cut = path.replace(/\/+$/, "").lastIndexOf("/");
  return cut < 0 ? "." : cut === 0 ? "/" : path.slice(0, cut);
}

/**
 * Endpoints of PRODUCT.md: `tcp://HOST:PORT`, `udp://HOST:PORT`,
 * `unix:PATH`, `HOST:PORT`, `PORT`, with `[V6]` literals anywhere a host goes,
 * and `tls://HOST:PORT` (socat: `OPENSSL:HOST:PORT`): TCP with TLS on top.
 */
import { UsageError } from "../errors.ts";
import type { TlsSettings } from "./tls_settings.ts";

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

/** The host used when an endpoint names none: loopback, safe by default. */
export const DEFAULT_HOST = "127.0.0.1";

const FORMS = "tcp://HOST:PORT, udp://HOST:PORT, tls://HOST:PORT, unix:PATH, HOST:PORT or PORT";

/** Parses an endpoint; throws a UsageError naming the valid forms. */
export function parseEndpoint(text: string): Endpoint {
  const bad = (why: string) =>
    new UsageError(`Cannot use the endpoint "${text}": ${why} (use ${FORMS})`);
  if (text.startsWith("unix:")) {
    const path = text.slice(text.startsWith("unix://") ? 7 : 5);
    if (path === "") throw bad("the socket path is empty");
    if (path.includes("\0")) throw bad("the socket path contains a NUL byte");
    return { transport: "unix", path };
  }
  // socat's OPENSSL:HOST:PORT is tls://HOST:PORT ("openssl:443" stays host "openssl", port 443).
  const openssl = /^openssl:(?=.*:)(?!\/\/)/i.exec(text);
  if (openssl) {
    const inner = parseEndpoint(text.slice(openssl[0].length));
    if (inner.transport !== "tcp") throw bad("OPENSSL: is followed by HOST:PORT");
    return { ...inner, tls: {} };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  let transport: "tcp" | "udp" = "tcp";
  let tls = false;
  let rest = text;
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name !== "tcp" && name !== "udp" && name !== "tls") throw bad(`unknown scheme "${name}"`);
    transport = name === "udp" ? "udp" : "tcp";
    tls = name === "tls";
    rest = text.slice(scheme[0].length);
  }
  let host: string | undefined;
  let port: string;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) throw bad("an IPv6 literal needs a closing ]");
    host = rest.slice(1, close);
    if (!/^[0-9a-f:.]+(%[\w.-]+)?$/i.test(host) || !host.includes(":")) {
      throw bad(`"${host}" is not an IPv6 address`);
    }
    if (rest[close + 1] !== ":") {
      throw bad("an IPv6 literal must be followed by :PORT");
    }
    port = rest.slice(close + 2);
  } else {
    const colon = rest.lastIndexOf(":");
    if (colon >= 0) {
      host = rest.slice(0, colon);
      if (host.includes(":")) {
        throw bad("write IPv6 addresses in brackets, like [::1]:9000");
      }
      port = rest.slice(colon + 1);
    } else {
      port = rest;
    }
  }
  if (
    host !== undefined && host !== "" && !/^[\w.-]+$/.test(host) &&
    !host.includes(":")
  ) {
    throw bad(`"${host}" is not a host name or address`);
  }
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    throw bad(`the port "${port}" must be a number from 0 to 65535`);
  }
  const hostGiven = host !== undefined && host !== "";
  return {
    transport,
    host: hostGiven ? host! : DEFAULT_HOST,
    port: Number(port),
    hostGiven,
    ...(tls ? { tls: {} } : {}),
  };
}

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
export function scheme(ep: Endpoint): string {
  return ep.transport !== "unix" && ep.tls ? "tls" : ep.transport;
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

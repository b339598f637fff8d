/**
 * Endpoints of PRODUCT.md: `tcp://HOST:PORT`, `udp://HOST:PORT`,
 * `unix:PATH`, `HOST:PORT`, `PORT`, with `[V6]` literals anywhere a host goes,
 * and `tls://HOST:PORT` (socat: `OPENSSL:HOST:PORT`): TCP with TLS on top;
 * and socat's spellings of the same (`TCP:HOST:PORT`, `UDP-LISTEN:PORT`…).
 */
import { UsageError } from "../errors.ts";
import type { Endpoint } from "../transport/endpoint.ts";

/** The host used when an endpoint names none: loopback, safe by default. */
export const DEFAULT_HOST = "127.0.0.1";

const FORMS = "tcp://HOST:PORT, udp://HOST:PORT, tls://HOST:PORT, unix:PATH, HOST:PORT or PORT";

/** socat's address types framecat takes (case-insensitive), as framecat's own scheme. */
const SOCAT_TYPES: Readonly<Record<string, string>> = {
  "tcp": "tcp://",
  "tcp4": "tcp://",
  "tcp6": "tcp://",
  "tcp-listen": "tcp://",
  "tcp4-listen": "tcp://",
  "tcp6-listen": "tcp://",
  "udp": "udp://",
  "udp4": "udp://",
  "udp6": "udp://",
  "udp-listen": "udp://",
  "udp4-listen": "udp://",
  "udp6-listen": "udp://",
  "unix-connect": "unix:",
  "unix-client": "unix:",
  "unix-listen": "unix:",
  // OPENSSL:HOST:PORT itself is read by parseUrl: "openssl:443" is a host called openssl.
  "openssl-listen": "tls://",
};

/** socat address options that framecat's servers already do: taken and needing nothing more. */
const SOCAT_OPTIONS_DONE = new Set(["fork", "reuseaddr", "reuseport"]);

/** Bytes of a unix socket's path: sockaddr_un's sun_path (108 on Linux, 104 elsewhere) less its NUL. */
const MAX_UNIX_PATH = Deno.build.os === "linux" ? 107 : 103;

/** Which side an endpoint is for: a socat `*-LISTEN` address cannot be connected to. */
export type EndpointRole = "listen" | "connect";

/**
 * Parses an endpoint; throws a UsageError naming the valid forms.
 * @param role `connect` refuses socat's listening spellings (they name no host)
 */
export function parseEndpoint(text: string, role: EndpointRole = "listen"): Endpoint {
  const bad = (why: string) =>
    new UsageError(`Cannot use the endpoint "${text}": ${why} (use ${FORMS})`);
  return parseUrl(fromSocat(text, role, bad) ?? text, bad);
}

/** socat's `TYPE:ADDRESS[,OPTION…]` as framecat's `scheme://ADDRESS`, or undefined for other text. */
function fromSocat(
  text: string,
  role: EndpointRole,
  bad: (why: string) => UsageError,
): string | undefined {
  const spelled = /^([a-z0-9-]+):(?!\/\/)(.*)$/i.exec(text);
  const type = spelled?.[1].toLowerCase();
  if (!spelled || !type || !SOCAT_TYPES[type]) return undefined;
  const [address, ...options] = spelled[2].split(",");
  const other = options.find((option) => !SOCAT_OPTIONS_DONE.has(option.toLowerCase()));
  if (other !== undefined) {
    throw bad(`socat's option "${other}" is not taken (fork and reuseaddr are what framecat does)`);
  }
  if (type.endsWith("-listen") && role === "connect") {
    throw bad(`${spelled[1]} is socat's listening form; to connect, name the host: TCP:HOST:PORT`);
  }
  return SOCAT_TYPES[type] + address;
}

function parseUrl(text: string, bad: (why: string) => UsageError): Endpoint {
  if (text.startsWith("unix:")) {
    const path = text.slice(text.startsWith("unix://") ? 7 : 5);
    if (path === "") throw bad("the socket path is empty");
    if (path.includes("\0")) throw bad("the socket path contains a NUL byte");
    const bytes = new TextEncoder().encode(path).length;
    if (bytes > MAX_UNIX_PATH) {
      throw bad(
        `the socket path is ${bytes} bytes; a unix socket's path holds at most ${MAX_UNIX_PATH}`,
      );
    }
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
    if (!/^[0-9a-f:.]+(%[\w.-]+)?$/i.test(host) || !isIPv6(host.replace(/%.*$/, ""))) {
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
  if (host !== undefined && /^\d+(\.\d+)+$/.test(host) && !isIPv4(host)) {
    throw bad(
      `"${host}" is not an IPv4 address: it takes four numbers from 0 to 255, like 10.0.0.1`,
    );
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

/** True for an IPv6 address as the URL standard reads one (`:::::` and `1::2::3` are not). */
function isIPv6(host: string): boolean {
  if (!host.includes(":")) return false;
  try {
    new URL(`http://[${host}]/`);
    return true;
  } catch {
    return false;
  }
}

/** True for a dotted-quad IPv4 address (four numbers from 0 to 255). */
function isIPv4(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

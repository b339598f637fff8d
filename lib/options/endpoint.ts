/**
 * Endpoints of PRODUCT.md: `tcp://HOST:PORT`, `udp://HOST:PORT`,
 * `unix:PATH`, `HOST:PORT`, `PORT`, with `[V6]` literals anywhere a host goes,
 * and `tls://HOST:PORT` (socat: `OPENSSL:HOST:PORT`): TCP with TLS on top;
 * and socat's spellings of the same (`TCP:HOST:PORT`, `UDP-LISTEN:PORT`…).
 */
import { UsageError } from "../errors.ts";
import { type Said, said } from "../i18n/say.ts";
import type { Endpoint } from "../transport/endpoint.ts";

/** The host used when an endpoint names none: loopback, safe by default. */
export const DEFAULT_HOST = "127.0.0.1";

/** socat's address types framecat takes (case-insensitive), as framecat's own scheme. */
const SOCAT_TYPES: Readonly<Record<string, string>> = {
  "tcp": "tcp://",
  "tcp4": "tcp://",
  "tcp-listen": "tcp://",
  "tcp4-listen": "tcp://",
  "udp": "udp://",
  "udp4": "udp://",
  "udp-listen": "udp://",
  "udp4-listen": "udp://",
  "unix-connect": "unix:",
  "unix-client": "unix:",
  "unix-listen": "unix:",
  // OPENSSL:HOST:PORT itself is read by parseUrl: "openssl:443" is a host called openssl.
  "openssl-listen": "tls://",
};

/** socat's address types framecat does not take, each with what framecat does instead. */
const SOCAT_UNSUPPORTED: Readonly<Record<string, Said>> = {
  "tcp6": said("endpoint.socat_ipv6", { scheme: "tcp" }),
  "tcp6-listen": said("endpoint.socat_ipv6", { scheme: "tcp" }),
  "udp6": said("endpoint.socat_ipv6", { scheme: "udp" }),
  "udp6-listen": said("endpoint.socat_ipv6", { scheme: "udp" }),
  "socks4": said("endpoint.socat_proxy"),
  "socks4a": said("endpoint.socat_proxy"),
  "socks5": said("endpoint.socat_proxy"),
  "proxy": said("endpoint.socat_proxy"),
  "exec": said("endpoint.socat_exec"),
  "system": said("endpoint.socat_exec"),
};

/** socat address options that framecat's servers already do: taken and needing nothing more. */
const SOCAT_OPTIONS_DONE = new Set(["fork", "reuseaddr", "reuseport"]);

/**
 * socat's OPENSSL options as framecat's TLS flags, by side (`VALUE` is the
 * option's): an empty flag is what framecat does anyway, a missing option is
 * refused as any other socat option.
 */
const SOCAT_TLS_OPTIONS: Readonly<
  Record<EndpointRole, Readonly<Record<string, (value: string) => string | undefined>>>
> = {
  connect: {
    verify: (v) => v === "0" ? "--insecure" : "",
    cafile: (v) => `--ca ${v}`,
    cert: (v) => `--cert ${v}`,
    certificate: (v) => `--cert ${v}`,
    key: (v) => `--key ${v}`,
    commonname: (v) => `--servername ${v}`,
    cn: (v) => `--servername ${v}`,
    snihost: (v) => `--servername ${v}`,
  },
  // framecat's TLS servers never ask for a client certificate: verify=0 is what they do.
  listen: {
    verify: (v) => v === "0" ? "" : undefined,
    cert: (v) => `--cert ${v}`,
    certificate: (v) => `--cert ${v}`,
    key: (v) => `--key ${v}`,
  },
};

/** Bytes of a unix socket's path: sockaddr_un's sun_path (108 on Linux, 104 elsewhere) less its NUL. */
const MAX_UNIX_PATH = Deno.build.os === "linux" ? 107 : 103;

/** Which side an endpoint is for: a socat `*-LISTEN` address cannot be connected to. */
export type EndpointRole = "listen" | "connect";

/**
 * Parses an endpoint; throws a UsageError naming the valid forms.
 * @param role `connect` refuses socat's listening spellings (they name no host)
 */
export function parseEndpoint(text: string, role: EndpointRole = "listen"): Endpoint {
  const bad = (why: Said) => new UsageError(said("usage.endpoint", { value: text, why }));
  const ep = parseUrl(fromSocat(text, role, bad) ?? text, bad);
  // Port 0 is "any free port" to listen on; nothing can be reached there.
  if (role === "connect" && ep.transport !== "unix" && ep.port === 0) {
    throw bad(said("endpoint.port_zero"));
  }
  return ep;
}

/** socat's `TYPE:ADDRESS[,OPTION…]` as framecat's `scheme://ADDRESS`, or undefined for other text. */
function fromSocat(
  text: string,
  role: EndpointRole,
  bad: (why: Said) => UsageError,
): string | undefined {
  const spelled = /^([a-z0-9-]+):(?!\/\/)(.*)$/i.exec(text);
  const type = spelled?.[1].toLowerCase();
  if (spelled && type && SOCAT_UNSUPPORTED[type]) {
    throw new UsageError(
      said("endpoint.socat_unsupported", { type: spelled[1], why: SOCAT_UNSUPPORTED[type] }),
    );
  }
  const tls = type === "openssl" || type === "openssl-listen";
  if (!spelled || !type || !(SOCAT_TYPES[type] || tls)) return undefined;
  const [address, ...given] = spelled[2].split(",");
  const options = tls ? withoutTlsOptions(given, address, type, role, bad) : given;
  const other = options.find((option) => !SOCAT_OPTIONS_DONE.has(option.toLowerCase()));
  if (other !== undefined) {
    throw bad(said("endpoint.socat_option", { option: other }));
  }
  if (type.endsWith("-listen") && role === "connect") {
    throw bad(said("endpoint.socat_listen", { type: spelled[1] }));
  }
  // OPENSSL:HOST:PORT itself is parseUrl's ("openssl:443" is a host called openssl).
  if (type === "openssl") return given.length > 0 ? `OPENSSL:${address}` : undefined;
  return SOCAT_TYPES[type] + address;
}

/**
 * socat's OPENSSL options less those framecat does anyway (verify=1, a
 * listener's verify=0); the ones that are framecat's flags are refused with
 * the endpoint and flags to write instead.
 */
function withoutTlsOptions(
  options: string[],
  address: string,
  type: string,
  role: EndpointRole,
  bad: (why: Said) => UsageError,
): string[] {
  const side = type === "openssl-listen" ? "listen" : role;
  const left: string[] = [];
  const taken: Array<[option: string, flag: string]> = [];
  for (const option of options) {
    const [name, ...value] = option.split("=");
    const flag = SOCAT_TLS_OPTIONS[side][name.toLowerCase()]?.(value.join("="));
    if (flag === undefined) left.push(option);
    else if (flag !== "") taken.push([option, flag]);
  }
  if (taken.length > 0) {
    throw bad(said("endpoint.socat_tls_options", {
      options: taken.map(([option]) => option).join(","),
      flags: taken.map(([, flag]) => flag).join(" "),
      endpoint: `tls://${address}`,
    }));
  }
  return left;
}

function parseUrl(text: string, bad: (why: Said) => UsageError): Endpoint {
  if (text.startsWith("unix:")) {
    const path = text.slice(text.startsWith("unix://") ? 7 : 5);
    if (path === "") throw bad(said("endpoint.path_empty"));
    if (path.includes("\0")) throw bad(said("endpoint.path_nul"));
    const bytes = new TextEncoder().encode(path).length;
    if (bytes > MAX_UNIX_PATH) throw bad(said("endpoint.path_long", { bytes, max: MAX_UNIX_PATH }));
    return { transport: "unix", path };
  }
  // socat's OPENSSL:HOST:PORT is tls://HOST:PORT ("openssl:443" stays host "openssl", port 443).
  const openssl = /^openssl:(?=.*:)(?!\/\/)/i.exec(text);
  if (openssl) {
    const inner = parseEndpoint(text.slice(openssl[0].length));
    if (inner.transport !== "tcp") throw bad(said("endpoint.openssl"));
    return { ...inner, tls: {} };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  let transport: "tcp" | "udp" = "tcp";
  let tls = false;
  let rest = text;
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name !== "tcp" && name !== "udp" && name !== "tls") {
      throw bad(said("endpoint.scheme", { scheme: name }));
    }
    transport = name === "udp" ? "udp" : "tcp";
    tls = name === "tls";
    rest = text.slice(scheme[0].length);
  }
  let host: string | undefined;
  let port: string;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) throw bad(said("endpoint.v6_close"));
    host = rest.slice(1, close);
    if (!/^[0-9a-f:.]+(%[\w.-]+)?$/i.test(host) || !isIPv6(host.replace(/%.*$/, ""))) {
      throw bad(said("endpoint.v6_bad", { host }));
    }
    if (rest[close + 1] !== ":") {
      throw bad(said("endpoint.v6_port"));
    }
    port = rest.slice(close + 2);
  } else {
    const colon = rest.lastIndexOf(":");
    if (colon >= 0) {
      host = rest.slice(0, colon);
      if (host.includes(":")) {
        // Only what could be an IPv6 address is one without its brackets; anything else with a
        // colon (a pasted endpoint inside another) is no host at all.
        if (!/^[0-9a-f:.]+(%[\w.-]+)?$/i.test(host)) throw bad(said("endpoint.host_bad", { host }));
        throw bad(said("endpoint.v6_brackets"));
      }
      port = rest.slice(colon + 1);
    } else {
      // A host alone (127.0.0.1, localhost): the port was forgotten, not mistyped.
      if (isIPv4(rest) || /^[a-z][\w-]*(\.[\w-]+)*$/i.test(rest)) {
        throw bad(said("endpoint.port_missing", { host: rest }));
      }
      port = rest;
    }
  }
  if (
    host !== undefined && host !== "" && !/^[\w.-]+$/.test(host) &&
    !host.includes(":")
  ) {
    throw bad(said("endpoint.host_bad", { host }));
  }
  if (host !== undefined && /^\d+(\.\d+)+$/.test(host) && !isIPv4(host)) {
    throw bad(said("endpoint.v4_bad", { host }));
  }
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    throw bad(said("endpoint.port_bad", { port }));
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

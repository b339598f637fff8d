/**
 * Rules for combinations of flags, checked once every value has been read:
 * one rule per check, each refusal saying what to do instead (as nc states them).
 */
import { UsageError } from "../errors.ts";
import { listed, said } from "../i18n/say.ts";
import { prefixCapacity } from "../framing/prefix.ts";
import { type Endpoint, formatEndpoint, isGroup, isLoopback } from "../transport/endpoint.ts";
import type {
  CommonOptions,
  ConnectOptions,
  FloodOptions,
  GroupOptions,
  RelayOptions,
  ServeOptions,
  TextInputOptions,
} from "./types.ts";

export function checkFramings(o: CommonOptions): void {
  const usesVarint = o.prefix === "varint";
  if (usesVarint && (o.sendFraming === "json" || o.recvFraming === "json")) {
    throw new UsageError(said("usage.varint_json"));
  }
}

/**
 * --ttl and --no-loop are about a multicast group; --iface also picks where a
 * UDP client's datagrams leave (a broadcast address), so a client takes it on any UDP endpoint.
 */
export function checkGroup(o: GroupOptions, ep: Endpoint, client: boolean): void {
  const udp = ep.transport === "udp";
  const group = udp && isGroup(ep.host);
  if (o.ttl !== 1 && !group) throw new UsageError(said("usage.ttl_group"));
  if (!o.loop && !group) throw new UsageError(said("usage.no_loop_group"));
  // Neither Deno.DatagramConn nor node:dgram (in Deno) sets IPV6_MULTICAST_HOPS.
  if (o.ttl !== 1 && ep.transport === "udp" && ep.host.includes(":")) {
    throw new UsageError(said("usage.ttl_v6"));
  }
  if (o.iface !== undefined && !(group || (udp && client))) {
    throw new UsageError(said("usage.iface_group"));
  }
}

/** Typed and piped lines are text (with or without -e) or hex, not both. */
function checkTextInput(o: TextInputOptions): void {
  if (o.escapes && o.input === "hex") {
    throw new UsageError(said("usage.escapes_hex"));
  }
}

export function checkServe(o: ServeOptions): void {
  checkFramings(o);
  checkTextInput(o);
  checkGroup(o, o.endpoint, false);
  const ep = o.endpoint;
  if (
    o.behavior === "exec" && ep.transport !== "unix" && !isLoopback(ep.host) &&
    !o.execPublic
  ) {
    throw new UsageError(said("usage.exec_public", { host: ep.host }));
  }
  if (o.behavior === "save" && ep.transport === "udp") {
    throw new UsageError(said("usage.save_udp"));
  }
  if (o.behavior === "save" && o.recvFraming !== "json") {
    throw new UsageError(said("usage.save_json"));
  }
  if (o.serial && ep.transport === "udp") {
    throw new UsageError(said("usage.serial_udp"));
  }
}

export function checkConnect(o: ConnectOptions): void {
  checkFramings(o);
  checkTextInput(o);
  checkGroup(o, o.endpoint, true);
  if (o.sendFile !== undefined && o.sends.length > 0) {
    throw new UsageError(said("usage.send_file_alone"));
  }
  if (Object.keys(o.headers).length > 0 && o.sendFraming !== "json") {
    throw new UsageError(said("usage.header_json"));
  }
  if (o.coalesce !== undefined && o.endpoint.transport === "udp") {
    throw new UsageError(said("usage.coalesce_udp"));
  }
  if (o.coalesce !== undefined && o.sendFile !== undefined) {
    throw new UsageError(said("usage.coalesce_file"));
  }
  if (o.halfClose && o.endpoint.transport === "udp") {
    throw new UsageError(said("usage.half_close_udp"));
  }
  const longest = Math.max(0, ...o.sends.map((s) => s.length));
  if (o.sendFraming === "len" && longest > prefixCapacity(o.prefix)) {
    const capacity = prefixCapacity(o.prefix);
    throw new UsageError(said("usage.send_over_prefix", { longest, prefix: o.prefix, capacity }));
  }
}

export function checkRelay(o: RelayOptions): void {
  const udp = o.listen.transport === "udp";
  if (udp !== (o.target.transport === "udp")) {
    throw new UsageError(said("usage.relay_mixed"));
  }
  const tcpOnly = {
    slice: o.slice,
    coalesce: o.coalesce,
    rate: o.rate,
    "close-after": o.closeAfter,
    "reset-after": o.resetAfter,
    "stall-after": o.stallAfter,
  };
  const udpOnly = {
    loss: o.loss || undefined,
    dup: o.dup || undefined,
    reorder: o.reorder || undefined,
    truncate: o.truncate,
  };
  for (const [name, value] of Object.entries(udp ? tcpOnly : udpOnly)) {
    if (value !== undefined) {
      throw new UsageError(
        said(udp ? "usage.relay_tcp_fault" : "usage.relay_udp_fault", { option: `--${name}` }),
      );
    }
  }
  if (targetsItself(o.listen, o.target)) {
    throw new UsageError(said("usage.relay_itself", { target: formatEndpoint(o.target) }));
  }
  const endings = ["--close-after", "--reset-after", "--stall-after"]
    .filter((_, i) => [o.closeAfter, o.resetAfter, o.stallAfter][i] !== undefined);
  if (endings.length > 1) {
    throw new UsageError(
      said("usage.relay_endings", {
        first: listed(endings.slice(0, -1)),
        last: endings.at(-1)!,
      }),
    );
  }
  if (o.resetAfter !== undefined && o.listen.transport === "unix") {
    throw new UsageError(said("usage.reset_unix"));
  }
}

/** True when `target` is where `listen` binds (a wildcard bind includes loopback). */
function targetsItself(listen: Endpoint, target: Endpoint): boolean {
  if (listen.transport === "unix" || target.transport === "unix") {
    return listen.transport === "unix" && target.transport === "unix" &&
      listen.path === target.path;
  }
  if (listen.port === 0 || listen.port !== target.port) return false;
  // Over TCP `localhost` is tried as 127.0.0.1 and as ::1; over UDP it is 127.0.0.1.
  const names = (host: string) =>
    host === "localhost"
      ? (target.transport === "udp" ? ["127.0.0.1"] : ["127.0.0.1", "::1"])
      : [canonicalIp(host)];
  const listened = names(listen.host);
  const targets = names(target.host);
  if (targets.some((t) => listened.includes(t))) return true;
  // 0.0.0.0 takes IPv4 loopback; :: takes both (a dual-stack socket).
  if (listen.host === "0.0.0.0") return targets.some((t) => /^127\./.test(t));
  if (canonicalIp(listen.host) === "::") return targets.some((t) => isLoopback(t));
  return false;
}

/**
 * An address as one spelling: `0:0:0:0:0:0:0:1` is `::1`, `::ffff:127.0.0.1` is `127.0.0.1`
 * (WHATWG URL's serialisation); a name is left as written.
 */
function canonicalIp(host: string): string {
  if (!host.includes(":")) return host;
  try {
    const v6 = new URL(`http://[${host}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
    if (!mapped) return v6;
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  } catch {
    return host;
  }
}

export function checkFlood(o: FloodOptions): void {
  checkGroup(o, o.endpoint, true);
  if (o.count !== undefined && o.duration !== undefined) {
    throw new UsageError(said("usage.count_duration"));
  }
  if (o.endpoint.transport === "unix") {
    throw new UsageError(said("usage.flood_unix"));
  }
  if (o.rtt && o.endpoint.transport !== "udp") {
    throw new UsageError(said("usage.rtt_tcp"));
  }
  // A stream has no packets of its own: 5000pps of 1 MiB writes asked 5 GB/s, no pacing at all.
  if (o.rate?.per === "packet" && o.endpoint.transport !== "udp") {
    throw new UsageError(said("usage.rate_tcp_packets"));
  }
}

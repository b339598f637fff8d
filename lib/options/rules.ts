/**
 * Rules for combinations of flags, checked once every value has been read:
 * one rule per check, each refusal saying what to do instead (as nc states them).
 */
import { UsageError } from "../errors.ts";
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
    throw new UsageError(
      "--prefix varint goes with --framing len only (json takes a fixed prefix)",
    );
  }
}

/**
 * --ttl and --no-loop are about a multicast group; --iface also picks where a
 * UDP client's datagrams leave (a broadcast address), so a client takes it on any UDP endpoint.
 */
export function checkGroup(o: GroupOptions, ep: Endpoint, client: boolean): void {
  const udp = ep.transport === "udp";
  const group = udp && isGroup(ep.host);
  const example = "a group like udp://239.1.2.3:5000 or udp://[ff02::1:3]:5000";
  if (o.ttl !== 1 && !group) throw new UsageError(`--ttl sets the hop limit of ${example}`);
  if (!o.loop && !group) throw new UsageError(`--no-loop is for ${example}`);
  // Neither Deno.DatagramConn nor node:dgram (in Deno) sets IPV6_MULTICAST_HOPS.
  if (o.ttl !== 1 && ep.transport === "udp" && ep.host.includes(":")) {
    throw new UsageError(
      "--ttl applies to IPv4 groups: an IPv6 group's hop limit stays 1 (this link only)",
    );
  }
  if (o.iface !== undefined && !(group || (udp && client))) {
    throw new UsageError(`--iface picks the interface of ${example}`);
  }
}

/** Typed and piped lines are text (with or without -e) or hex, not both. */
function checkTextInput(o: TextInputOptions): void {
  if (o.escapes && o.input === "hex") {
    throw new UsageError("-e reads escapes in text: --input hex lines are bytes already, drop -e");
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
    throw new UsageError(
      `--behavior exec refuses to listen on ${ep.host}: anyone who can reach it runs commands here; add --exec-public if you mean it`,
    );
  }
  if (o.behavior === "save" && ep.transport === "udp") {
    throw new UsageError(
      "--behavior save needs a stream: use tcp:// or unix:, not udp://",
    );
  }
  if (o.behavior === "save" && o.recvFraming !== "json") {
    throw new UsageError("--behavior save receives files with --framing json");
  }
  if (o.serial && ep.transport === "udp") {
    throw new UsageError(
      "--serial is for TCP and unix servers (a UDP server has no connections)",
    );
  }
}

export function checkConnect(o: ConnectOptions): void {
  checkFramings(o);
  checkTextInput(o);
  checkGroup(o, o.endpoint, true);
  if (o.sendFile !== undefined && o.sends.length > 0) {
    throw new UsageError("--send-file goes alone: drop --send/--send-hex");
  }
  if (Object.keys(o.headers).length > 0 && o.sendFraming !== "json") {
    throw new UsageError(
      "--header needs --framing json (or --send-framing json)",
    );
  }
  if (o.coalesce !== undefined && o.endpoint.transport === "udp") {
    throw new UsageError(
      "--coalesce merges writes on a stream; over UDP every send is a datagram of its own",
    );
  }
  if (o.coalesce !== undefined && o.sendFile !== undefined) {
    throw new UsageError("--coalesce groups small messages; --send-file sends one, streamed");
  }
  if (o.halfClose && o.endpoint.transport === "udp") {
    throw new UsageError(
      "--half-close is for TCP and unix (UDP has no write side to shut)",
    );
  }
}

export function checkRelay(o: RelayOptions): void {
  const udp = o.listen.transport === "udp";
  if (udp !== (o.target.transport === "udp")) {
    throw new UsageError(
      "relay LISTEN and TARGET must both be UDP or both be streams (tcp/unix)",
    );
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
        `--${name} is a ${udp ? "TCP" : "UDP"} fault; this relay is ${udp ? "UDP" : "TCP"}`,
      );
    }
  }
  if (targetsItself(o.listen, o.target)) {
    throw new UsageError(
      `relay TARGET ${formatEndpoint(o.target)} is its own LISTEN address: ` +
        "it would relay to itself until out of descriptors; pick the server's address",
    );
  }
  const endings = ["--close-after", "--reset-after", "--stall-after"]
    .filter((_, i) => [o.closeAfter, o.resetAfter, o.stallAfter][i] !== undefined);
  if (endings.length > 1) {
    throw new UsageError(
      `${endings.slice(0, -1).join(", ")} and ${
        endings.at(-1)
      } each end the forwarding; give only one`,
    );
  }
  if (o.resetAfter !== undefined && o.listen.transport === "unix") {
    throw new UsageError(
      "--reset-after needs a TCP client side (a unix socket has no reset); use --close-after",
    );
  }
}

/** True when `target` is where `listen` binds (a wildcard bind includes loopback). */
function targetsItself(listen: Endpoint, target: Endpoint): boolean {
  if (listen.transport === "unix" || target.transport === "unix") {
    return listen.transport === "unix" && target.transport === "unix" &&
      listen.path === target.path;
  }
  if (listen.port === 0 || listen.port !== target.port) return false;
  const local = (host: string) => host === "localhost" ? "127.0.0.1" : host;
  const wildcard = listen.host === "0.0.0.0" || listen.host === "::";
  return local(listen.host) === local(target.host) || (wildcard && isLoopback(target.host));
}

export function checkFlood(o: FloodOptions): void {
  checkGroup(o, o.endpoint, true);
  if (o.count !== undefined && o.duration !== undefined) {
    throw new UsageError("--count and --duration exclude each other: pick one");
  }
  if (o.endpoint.transport === "unix") {
    throw new UsageError("flood speaks tcp:// or udp://");
  }
  if (o.rtt && o.endpoint.transport !== "udp") {
    throw new UsageError("--rtt measures UDP round trips against an echo server: use udp://");
  }
}

/**
 * The demos' sockets: a connected TCP pair or a UDP pair on 127.0.0.1 with
 * ports the kernel picks, every one owned by the phase's log so it is closed
 * however the phase ends.
 */
import { formatAddr, type NetEndpoint } from "../transport/endpoint.ts";
import { bindUdp, bindUdpClient, udpTarget } from "../transport/datagram.ts";
import { sleep } from "../sleep.ts";
import { connectStream, listenStream, setNoDelay } from "../transport/stream.ts";
import type { PhaseLog, Role } from "./log.ts";

const LOOPBACK = "127.0.0.1";

/**
 * How long a late reader waits after the last write. On loopback written
 * bytes reach the peer's buffer within microseconds; 50 ms is a wide margin.
 */
const SETTLE_MS = 50;

/**
 * Waits until what was written has surely arrived in the reader's buffer. On
 * loopback the kernel delivers a write into the peer's receive queue before
 * the write returns, and the sender has awaited its writes before this is
 * called; the pause is margin for the other platforms, not the mechanism.
 */
export function settle(): Promise<void> {
  return sleep(SETTLE_MS);
}

export interface Pair<T> {
  sender: T;
  receiver: T;
}

/**
 * A connected TCP pair; `listener` says which side listened (the server).
 * Nagle is off on both ends, so every write leaves at once.
 */
export async function tcpPair(
  log: PhaseLog,
  listener: Role = "receiver",
): Promise<Pair<Deno.Conn>> {
  const ep: NetEndpoint = { transport: "tcp", host: LOOPBACK, port: 0, hostGiven: true };
  const server = log.own(await listenStream(ep));
  const addr = server.addr as Deno.NetAddr;
  log.report(listener, { event: "listening", address: formatAddr(addr), port: addr.port });
  const [accepted, connected] = await Promise.all([
    server.accept().then((conn) => log.own(conn)),
    connectStream({ ...ep, port: addr.port }).then((conn) => log.own(conn)),
  ]);
  server.close();
  for (const conn of [accepted, connected]) setNoDelay(conn, true);
  return listener === "receiver"
    ? { receiver: accepted, sender: connected }
    : { sender: accepted, receiver: connected };
}

/** A UDP pair, with the receiver's address to send to. */
export type UdpPair = Pair<Deno.DatagramConn> & { to: Deno.NetAddr };

/** A UDP receiver and a sender bound to loopback, and the receiver's address. */
export function udpPair(log: PhaseLog): UdpPair {
  const ep: NetEndpoint = { transport: "udp", host: LOOPBACK, port: 0, hostGiven: true };
  const receiver = log.own(bindUdp(ep));
  const addr = receiver.addr as Deno.NetAddr;
  log.report("receiver", { event: "listening", address: formatAddr(addr), port: addr.port });
  const target = { ...ep, port: addr.port };
  return { receiver, sender: log.own(bindUdpClient(target)), to: udpTarget(target) };
}

/** One recv(size): the bytes the read returned. The demos' peers never close early. */
export async function recv(conn: Deno.Conn, size: number): Promise<Uint8Array> {
  const buf = new Uint8Array(size);
  const n = await conn.read(buf);
  if (n === null) throw new Error("The demo's peer closed the connection early");
  return buf.subarray(0, n);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const bytes = (text: string): Uint8Array => encoder.encode(text);
export const text = (data: Uint8Array): string => decoder.decode(data);

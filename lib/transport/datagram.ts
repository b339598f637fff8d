/**
 * UDP: a socket per server or client, datagrams kept whole. Reads ask the
 * kernel for the largest datagram and cut to --read-size themselves, so a
 * truncated datagram is reported with the bytes it lost (recv(n) would drop
 * them silently).
 */
import { toNetworkError } from "../errors.ts";
import { formatAddr, formatHostPort, isLoopback, type NetEndpoint } from "./endpoint.ts";
import { said } from "../i18n/say.ts";

/** Largest UDP payload: 65,535 − 8 (UDP header) − 20 (IPv4 header). */
export const MAX_DATAGRAM = 65507;
/** Largest UDP payload over IPv6: 65,535 − 8 (its header is not counted in its length). */
export const MAX_DATAGRAM_V6 = 65527;
/**
 * A receive buffer with room for any datagram, IPv4 or IPv6, so the kernel never cuts one
 * before framecat sees its size (Deno's default buffer is 65,507 bytes, and says nothing).
 */
export const RECEIVE_BUFFER = 65536;

export interface Datagram {
  /** The bytes kept: at most the read size. */
  data: Uint8Array;
  /** The datagram's full size on the wire. */
  size: number;
  truncated: boolean;
  addr: Deno.NetAddr;
  peer: string;
}

/** What a UDP socket offers framecat: a DatagramConn, or a group member's pair of them. */
export type DatagramSocket = Pick<Deno.DatagramConn, "receive" | "send" | "close" | "addr">;

/** Binds a UDP socket on the endpoint (a server); `extra` shares the port or sets the loop. */
export function bindUdp(
  ep: NetEndpoint,
  extra: Pick<Deno.UdpListenOptions, "reuseAddress" | "loopback"> = {},
): Deno.DatagramConn {
  try {
    return Deno.listenDatagram({
      transport: "udp",
      hostname: ep.host,
      port: ep.port,
      ...extra,
    });
  } catch (err) {
    throw toNetworkError(
      said("net.listen", { at: `udp://${formatHostPort(ep.host, ep.port)}` }),
      err,
      "udp",
      isLoopback(ep.host),
    );
  }
}

/** Binds an ephemeral UDP socket able to reach `ep` (a client): loopback for loopback, else any. */
export function bindUdpClient(ep: NetEndpoint): Deno.DatagramConn {
  const v6 = ep.host.includes(":");
  const hostname = isLoopback(ep.host) ? (v6 ? "::1" : "127.0.0.1") : (v6 ? "::" : "0.0.0.0");
  return bindUdp({
    transport: "udp",
    host: hostname,
    port: 0,
    hostGiven: true,
  });
}

/** The address to send to for an endpoint (localhost resolved to 127.0.0.1). */
export function udpTarget(ep: NetEndpoint): Deno.NetAddr {
  const hostname = ep.host === "localhost" ? "127.0.0.1" : ep.host;
  return { transport: "udp", hostname, port: ep.port };
}

/**
 * Receives one datagram, cut to `readSize`. `buffer` (RECEIVE_BUFFER bytes) is what the kernel
 * writes into: a socket that receives in a loop passes its own, reused, instead of a new 64 KiB
 * for every datagram. The data returned is a copy of what is kept, and outlives the buffer.
 */
export async function receiveDatagram(
  sock: DatagramSocket,
  readSize: number,
  buffer = new Uint8Array(RECEIVE_BUFFER),
): Promise<Datagram> {
  const [full, addr] = await sock.receive(buffer);
  const netAddr = addr as Deno.NetAddr;
  const truncated = full.length > readSize;
  return {
    data: full.slice(0, readSize),
    size: full.length,
    truncated,
    addr: netAddr,
    peer: formatAddr(netAddr),
  };
}

/** Sends one datagram; failures become a one-line NetworkError. */
export async function sendDatagram(
  sock: DatagramSocket,
  data: Uint8Array,
  to: Deno.NetAddr,
): Promise<void> {
  try {
    await sock.send(data, to);
  } catch (err) {
    throw toNetworkError(
      said("net.send", { at: `udp://${formatHostPort(to.hostname, to.port)}` }),
      err,
      "udp",
      isLoopback(to.hostname),
    );
  }
}

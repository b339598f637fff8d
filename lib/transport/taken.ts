/**
 * Whether the peer has read what we wrote to it, as the kernel tells it (a
 * check's client writing to the server, the relay writing --slice pieces). A
 * server on this machine (in this network namespace) has its end of the
 * connection listed in /proc/net/tcp or tcp6, with the bytes it has not read
 * yet (rx_queue); our end is there too, with the bytes the server's kernel
 * has not acknowledged yet (tx_queue). When both are 0, everything written
 * has arrived and has been taken by a recv().
 *
 * The split way waits for that after each byte, so every byte meets the
 * server's recv() alone however late the server comes to it: by
 * construction, not by spacing. A server elsewhere (another host, another
 * namespace), a unix socket, or a system without /proc cannot be watched;
 * there the spacing alone does it.
 */
import { sleep } from "../sleep.ts";

/** How often the tables are looked at while a byte waits to be read. */
const POLL_MS = 1;
/**
 * Longest wait for one byte to be read. A server that takes longer (busy with another client,
 * or waiting for something else) is not waited for again on this connection: the spacing goes on.
 */
export const TAKEN_MS = 1000;

/** Our end and the server's, as the kernel's tables spell them (`0100007F:1F90`). */
interface Ends {
  ours: string;
  theirs: string;
}

/**
 * Resolves once the server has read everything written so far, once it cannot be told, or once
 * `signal` is aborted (a relay stopping does not wait for a slow reader).
 */
export type Taken = (signal?: AbortSignal) => Promise<void>;

/**
 * A watch on `conn`'s server, or undefined when the connection is not TCP. The first call
 * finds the server's end; when it is not listed, every call resolves at once.
 */
export function watchTaken(conn: Deno.Conn): Taken | undefined {
  const local = conn.localAddr;
  const remote = conn.remoteAddr;
  if (local.transport !== "tcp" || remote.transport !== "tcp") return undefined;
  const spellings = tableSpellings(local, remote);
  let watching = spellings.length > 0;
  return async (signal) => {
    if (!watching) return;
    const deadline = Date.now() + TAKEN_MS;
    while (!signal?.aborted) {
      const state = await queues(spellings);
      if (state === undefined) return void (watching = false);
      if (state.unread === 0 && state.unacked === 0) return;
      if (Date.now() >= deadline) return void (watching = false);
      await sleep(POLL_MS);
    }
  };
}

/**
 * The bytes written on `conn` that its server has not read yet, as the kernel's tables show
 * them; undefined where they cannot tell (not TCP, a server elsewhere, no /proc).
 */
export async function unreadBy(conn: Deno.Conn): Promise<number | undefined> {
  const local = conn.localAddr;
  const remote = conn.remoteAddr;
  if (local.transport !== "tcp" || remote.transport !== "tcp") return undefined;
  const spellings = tableSpellings(local, remote);
  if (spellings.length === 0) return undefined;
  return (await queues(spellings))?.unread;
}

/**
 * The ends as /proc/net/tcp (IPv4) and tcp6 spell them, each table with its own spelling of
 * both; none for a scope id. An IPv4 end can be in either table, spelled mapped (::ffff:a.b.c.d)
 * in tcp6: a dual-stack socket taking IPv4 is listed there, its IPv4 peer in tcp. So a relay on
 * `[::]` (its end `::ffff:127.0.0.1`) finds an IPv4 client's end, and the other way round.
 */
function tableSpellings(local: Deno.NetAddr, remote: Deno.NetAddr): [string, Ends][] {
  const l = hexAddr(local.hostname);
  const r = hexAddr(remote.hostname);
  if (l === undefined || r === undefined) return [];
  const ends = (a: string, b: string): Ends => ({
    ours: `${a}:${hexPort(local.port)}`,
    theirs: `${b}:${hexPort(remote.port)}`,
  });
  const l4 = v4Of(l);
  const r4 = v4Of(r);
  const both6: [string, Ends] = ["/proc/net/tcp6", ends(asV6(l), asV6(r))];
  if (l4 === undefined || r4 === undefined) return [both6];
  return [["/proc/net/tcp", ends(l4, r4)], both6];
}

/** `::ffff:0:0/96` as tcp6 prints it: its three leading words, each in host order. */
const MAPPED = "0000000000000000FFFF0000";

/** An address as tcp6 spells it (an IPv4 one mapped). */
function asV6(hex: string): string {
  return hex.length === 32 ? hex : MAPPED + hex;
}

/** The IPv4 address as tcp spells it, of an IPv4 or mapped address; else undefined. */
function v4Of(hex: string): string | undefined {
  if (hex.length === 8) return hex;
  return hex.startsWith(MAPPED) ? hex.slice(MAPPED.length) : undefined;
}

/**
 * The bytes the server has not read and the bytes it has not acknowledged, or undefined when
 * either end is not listed (or the tables cannot be read). Each end is looked for in every
 * table: the two can be in different ones.
 */
async function queues(
  spellings: [string, Ends][],
): Promise<{ unread: number; unacked: number } | undefined> {
  let unacked: number | undefined;
  let unread: number | undefined;
  for (const [file, { ours, theirs }] of spellings) {
    let table: string;
    try {
      table = await Deno.readTextFile(file);
    } catch {
      return undefined;
    }
    for (const line of table.split("\n")) {
      // sl local_address rem_address st tx_queue:rx_queue …
      const [, localEnd, remoteEnd, , queue] = line.trim().split(/\s+/);
      if (queue === undefined) continue;
      if (localEnd === ours && remoteEnd === theirs) {
        unacked = parseInt(queue.split(":")[0], 16);
      } else if (localEnd === theirs && remoteEnd === ours) {
        unread = parseInt(queue.split(":")[1], 16);
      }
    }
    if (unread !== undefined && unacked !== undefined) break;
  }
  return unacked === undefined || unread === undefined ? undefined : { unacked, unread };
}

/** The port as the tables print it: four hex digits. */
function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, "0");
}

/**
 * An address as the tables print it: its 32-bit words, each as the machine holds it (the
 * kernel prints them with %08X), so on a little-endian machine each word's bytes reversed.
 * Undefined for what they cannot hold (an IPv6 address with a zone).
 */
function hexAddr(hostname: string): string | undefined {
  const bytes = addressBytes(hostname);
  if (bytes === undefined) return undefined;
  let out = "";
  for (let w = 0; w < bytes.length; w += 4) {
    const word = bytes.subarray(w, w + 4);
    const ordered = LITTLE_ENDIAN ? [...word].reverse() : [...word];
    out += ordered.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The 4 or 16 bytes of an IP address in text, or undefined. */
function addressBytes(hostname: string): Uint8Array | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  if (v4) return new Uint8Array(v4.slice(1).map(Number));
  if (!hostname.includes(":") || hostname.includes("%")) return undefined;
  // URL's parser does the IPv6 text forms (::, embedded IPv4); its result is compressed again.
  let expanded: string;
  try {
    expanded = new URL(`http://[${hostname}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const [head, tail] = expanded.includes("::") ? expanded.split("::") : [expanded, undefined];
  const words = (s: string) => (s === "" ? [] : s.split(":"));
  const front = words(head);
  const back = tail === undefined ? [] : words(tail);
  const all = [...front, ...Array(8 - front.length - back.length).fill("0"), ...back];
  if (all.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => {
    const n = parseInt(w, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  });
  return bytes;
}

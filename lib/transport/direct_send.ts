/**
 * Datagrams sent without Deno's per-send op: on Linux, libc's `sendmmsg` called
 * through FFI on the very socket Deno opened, a batch of datagrams per system
 * call. Deno's `send` is an async op that costs a turn of the event loop per
 * datagram, about twice what iperf3 pays for its `send` (profiled: 76 % of a
 * flood's CPU); several sends in flight at once are faster but leave the kernel
 * out of order, which a flood measures. `sendmmsg` sends its batch one datagram
 * after the other, as that many `sendto` calls would (measured here: 64-byte
 * datagrams at 3.2× the rate of one `sendto` each, the system call's own cost
 * being most of a small datagram's on this VM). This is the same socket (its
 * port, its TTL, its group options, the echoes it reads), the same order, and
 * the same errors: what the kernel does not take (a full send buffer, an
 * unreachable network) is sent again with Deno's `send`, which waits for room or
 * throws Deno's own error.
 *
 * Elsewhere (macOS, Windows, a libc that is not glibc, no `ffi` permission) there
 * is no direct sender, and the caller uses Deno's `send` for every datagram.
 */
import { closeQuietly } from "../close.ts";

const SYMBOLS = {
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  // how many of the batch the kernel took, or -1
  sendmmsg: { parameters: ["i32", "buffer", "u32", "i32"], result: "i32" },
} as const;

const AF_INET = 2;
const AF_INET6 = 10;
const SOL_SOCKET = 1;
const SO_TYPE = 3;
const SOCK_DGRAM = 2;
/** Never wait inside sendmmsg, whatever the socket's mode: a full buffer is Deno's to wait on. */
const MSG_DONTWAIT = 0x40;
/** `struct mmsghdr` (a `struct msghdr` and its `msg_len`) and `struct iovec` on 64-bit Linux. */
const MMSGHDR_SIZE = 64;
const IOVEC_SIZE = 16;
/** Room for a `sockaddr_in6`, the larger of the two. */
const SOCKADDR_ROOM = 32;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>;

/**
 * Sends batches of same-sized datagrams to one address through one Deno UDP socket's
 * descriptor. The datagrams are {@linkcode slots}: fill them, then {@linkcode send} a run of
 * them. Their memory and the kernel's message headers pointing into it are made once.
 */
export class DirectSender implements Disposable {
  /** The datagrams of a batch, each `size` bytes, to be filled before they are sent. */
  readonly slots: readonly Uint8Array[];
  readonly #libc: Libc;
  readonly #fd: number;
  /** The message headers, then the iovecs, then the target's address, all pointing here. */
  readonly #headers: Uint8Array;

  private constructor(libc: Libc, fd: number, to: Uint8Array, size: number, capacity: number) {
    this.#libc = libc;
    this.#fd = fd;
    // ArrayBuffers of their own: their memory stays where it is for as long as they live.
    const data = new ArrayBuffer(size * capacity);
    this.slots = Array.from({ length: capacity }, (_, i) => new Uint8Array(data, i * size, size));
    const iovecsAt = MMSGHDR_SIZE * capacity;
    const addrAt = iovecsAt + IOVEC_SIZE * capacity;
    const headers = new ArrayBuffer(addrAt + SOCKADDR_ROOM);
    this.#headers = new Uint8Array(headers);
    this.#headers.set(to, addrAt);
    const base = address(headers);
    const dataBase = address(data);
    const view = new DataView(headers);
    for (let i = 0; i < capacity; i++) {
      const iov = iovecsAt + i * IOVEC_SIZE;
      view.setBigUint64(iov, dataBase + BigInt(i * size), true); // iov_base
      view.setBigUint64(iov + 8, BigInt(size), true); // iov_len
      const h = i * MMSGHDR_SIZE; // msg_control, msg_controllen, msg_flags, msg_len stay 0
      view.setBigUint64(h, base + BigInt(addrAt), true); // msg_name
      view.setUint32(h + 8, to.byteLength, true); // msg_namelen
      view.setBigUint64(h + 16, base + BigInt(iov), true); // msg_iov
      view.setBigUint64(h + 24, 1n, true); // msg_iovlen
    }
  }

  /**
   * A direct sender for `sock` to `to`, with `capacity` slots of `size` bytes, or undefined
   * where there is none: not Linux (or not 64-bit), no glibc, no `ffi` permission, a target
   * that is not an address literal (or is scoped), or a socket whose descriptor cannot be
   * told apart.
   */
  static open(
    sock: Deno.DatagramConn,
    to: Deno.NetAddr,
    size: number,
    capacity: number,
  ): DirectSender | undefined {
    if (Deno.build.os !== "linux" || !["x86_64", "aarch64"].includes(Deno.build.arch)) {
      return undefined;
    }
    const target = sockaddr(to.hostname, to.port);
    const local = sock.addr as Deno.NetAddr;
    const bound = sockaddr(local.hostname, local.port);
    if (!target || !bound || bound[0] !== target[0]) return undefined;
    let libc: Libc;
    try {
      libc = Deno.dlopen("libc.so.6", SYMBOLS);
    } catch {
      return undefined; // no glibc, or no ffi permission
    }
    const fd = findDescriptor(libc, bound);
    if (fd === undefined) {
      closeQuietly(libc);
      return undefined;
    }
    return new DirectSender(libc, fd, target, size, capacity);
  }

  /**
   * Hands slots `from` to `from + count - 1` to the kernel now, in that order, in one call.
   * Returns how many it took, from `from` on: fewer than `count` when its buffer filled or it
   * refused one. Send that one with Deno's `send`, which waits or names the error.
   */
  send(from: number, count: number): number {
    count = Math.min(count, this.slots.length - from);
    if (count <= 0 || from < 0) return 0;
    const taken = this.#libc.symbols.sendmmsg(
      this.#fd,
      this.#headers.subarray(from * MMSGHDR_SIZE),
      count,
      MSG_DONTWAIT,
    );
    return Math.max(taken, 0);
  }

  [Symbol.dispose](): void {
    closeQuietly(this.#libc);
  }
}

/** Where `buffer`'s memory is, as a number C can add to. */
function address(buffer: ArrayBuffer): bigint {
  return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer)));
}

/**
 * The one UDP descriptor of this process bound where `bound` says (family, port, address),
 * found by asking the kernel about each open descriptor; undefined unless there is exactly one.
 */
function findDescriptor(libc: Libc, bound: Uint8Array): number | undefined {
  const addr = new Uint8Array(128);
  const len = new Uint32Array(1);
  const type = new Int32Array(1);
  const found: number[] = [];
  let entries: Iterable<Deno.DirEntry>;
  try {
    entries = Deno.readDirSync("/proc/self/fd");
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const fd = Number(entry.name);
    if (!Number.isInteger(fd)) continue;
    len[0] = addr.byteLength;
    if (libc.symbols.getsockname(fd, addr, new Uint8Array(len.buffer)) !== 0) continue;
    if (!sameBinding(addr, bound)) continue;
    len[0] = 4;
    const typeBytes = new Uint8Array(type.buffer);
    if (libc.symbols.getsockopt(fd, SOL_SOCKET, SO_TYPE, typeBytes, new Uint8Array(len.buffer))) {
      continue;
    }
    if (type[0] === SOCK_DGRAM) found.push(fd);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** Family, port and address alike (IPv6: not its flow label or scope). */
function sameBinding(addr: Uint8Array, bound: Uint8Array): boolean {
  const end = bound.byteLength === 16 ? 8 : 24;
  for (let i = 0; i < end; i++) {
    if (i >= 4 && i < 8 && end === 24) continue; // sin6_flowinfo
    if (addr[i] !== bound[i]) return false;
  }
  return true;
}

/** A `sockaddr_in` or `sockaddr_in6` for an address literal; undefined for a name or a scope. */
export function sockaddr(host: string, port: number): Uint8Array | undefined {
  const v4 = ipv4Bytes(host);
  const v6 = v4 ? undefined : ipv6Bytes(host);
  if (!v4 && !v6) return undefined;
  const sa = new Uint8Array(v4 ? 16 : 28);
  const view = new DataView(sa.buffer);
  view.setUint16(0, v4 ? AF_INET : AF_INET6, true); // sa_family: host order
  view.setUint16(2, port); // network order
  if (v4) sa.set(v4, 4);
  else sa.set(v6!, 8); // after sin6_flowinfo
  return sa;
}

function ipv4Bytes(host: string): number[] | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && +p < 256)) {
    return undefined;
  }
  return parts.map(Number);
}

/** The 16 bytes of an IPv6 literal (`::` and a dotted tail allowed); undefined otherwise. */
function ipv6Bytes(host: string): Uint8Array | undefined {
  const halves = host.split("::");
  if (halves.length > 2 || !host.includes(":")) return undefined;
  const words = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const groups = s.split(":");
    for (const [i, group] of groups.entries()) {
      const tail = i === groups.length - 1 ? ipv4Bytes(group) : undefined;
      if (tail) out.push((tail[0] << 8) | tail[1], (tail[2] << 8) | tail[3]);
      else if (/^[0-9a-f]{1,4}$/i.test(group)) out.push(parseInt(group, 16));
      else return undefined;
    }
    return out;
  };
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  if (!head || !tail) return undefined;
  const gap = 8 - head.length - tail.length;
  if (halves.length === 2 ? gap < 1 : gap !== 0) return undefined;
  const all = [...head, ...new Array(gap).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  all.forEach((w, i) => view.setUint16(i * 2, w));
  return bytes;
}

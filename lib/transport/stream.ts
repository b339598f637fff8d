/**
 * Stream transports (TCP, TLS and unix) behind one small interface: listen and
 * connect from an Endpoint, with failures turned into one-line NetworkErrors.
 */
import { NetworkError, type ServerToStart, UsageError } from "../errors.ts";
import { type Endpoint, endpointError, formatAddr, formatEndpoint } from "./endpoint.ts";
import { said } from "../i18n/say.ts";
import { connectTls, listenTls } from "./tls.ts";
import { closeQuietly } from "../close.ts";
import { connectTcp } from "./dial.ts";
import { listenUnix, type UnixListenOptions } from "./unix_listener.ts";

/**
 * Listens on TCP, TLS or a unix path (the caller has checked `ep` is not UDP). A stale unix
 * socket file (no server behind it) is replaced; the listener's close removes the file it made.
 */
export async function listenStream(
  ep: Endpoint,
  options: UnixListenOptions = {},
): Promise<Deno.Listener> {
  try {
    if (ep.transport !== "unix") {
      if (ep.tls) return await listenTls(ep, ep.tls);
      return Deno.listen({ hostname: ep.host, port: ep.port });
    }
    await removeStaleSocket(ep.path);
    return listenUnix(ep.path, options);
  } catch (err) {
    if (err instanceof UsageError) throw err; // a bad --cert/--key pair, an unwritable --ca-out
    if (ep.transport === "unix" && err instanceof Deno.errors.AddrInUse) {
      const taken = await notASocket(ep.path);
      if (taken) throw notASocketError("listen", ep, taken);
    }
    throw endpointError("listen", ep, err);
  }
}

/** What is at `path` when it is there and no socket: a file or a directory. */
async function notASocket(path: string): Promise<"file" | "dir" | undefined> {
  const info = await Deno.lstat(path).catch(() => undefined);
  if (!info || info.isSocket) return undefined;
  return info.isDirectory ? "dir" : "file";
}

/**
 * A unix path held by a file or a directory: no server is there. A listen leaves it alone; a
 * connect was given the wrong path (the system says only "connection refused").
 */
function notASocketError(
  verb: "listen" | "connect",
  ep: Endpoint,
  what: "file" | "dir",
): NetworkError {
  return new NetworkError(
    said("net.cannot", {
      what: said(`net.${verb}`, { at: formatEndpoint(ep) }),
      error: said(`net.unix_${what}`),
    }),
    said(verb === "listen" ? "hint.unix_taken" : "hint.unix_check_path"),
  );
}

/**
 * Removes a unix socket file that no server answers on (left by one that was killed). Only a
 * refused connect says that: a datagram server there (EPROTOTYPE), a stream server whose backlog
 * is full (EAGAIN) or one we may not reach (EACCES) is alive, and its file is left for the listen
 * to fail on, "address in use".
 */
export async function removeStaleSocket(path: string): Promise<void> {
  const info = await Deno.lstat(path).catch(() => undefined);
  if (!info?.isSocket) return;
  try {
    (await Deno.connect({ transport: "unix", path })).close();
  } catch (err) {
    if (err instanceof Deno.errors.ConnectionRefused) await Deno.remove(path);
  }
}

/**
 * Connects over TCP, TLS or unix (the caller has checked `ep` is not UDP).
 * `signal` abandons the connect (a relay that stops while a target's backlog
 * is full must not wait the two minutes the kernel gives a SYN): it rejects
 * with the signal's reason at once. `server`: the command a refusal hints to start (a flood's
 * is a sink).
 */
export async function connectStream(
  ep: Endpoint,
  signal?: AbortSignal,
  server: ServerToStart["command"] = "serve",
): Promise<Deno.Conn> {
  try {
    if (ep.transport !== "unix") {
      if (ep.tls) return await unlessAborted(connectTls(ep, ep.tls, signal), signal);
      return await connectTcp(ep.host, ep.port, signal);
    }
    return await Deno.connect({ transport: "unix", path: ep.path });
  } catch (err) {
    if (signal?.aborted) throw err;
    if (ep.transport === "unix" && err instanceof Deno.errors.ConnectionRefused) {
      const taken = await notASocket(ep.path);
      if (taken) throw notASocketError("connect", ep, taken);
    }
    throw endpointError("connect", ep, err, server);
  }
}

/**
 * `connecting`, or its rejection as soon as `signal` aborts, for connects that
 * cannot be cancelled (Deno.connectTls): one made after that is closed.
 */
export function unlessAborted<T extends { close(): void }>(
  connecting: Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (!signal) return connecting;
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    connecting.then((conn) => {
      signal.removeEventListener("abort", abort);
      if (signal.aborted) closeQuietly(conn);
      else resolve(conn);
    }, (err) => {
      signal.removeEventListener("abort", abort);
      reject(err);
    });
  });
}

/** Sets TCP_NODELAY where the connection is plain TCP (a TlsConn has no setNoDelay). */
export function setNoDelay(conn: Deno.Conn, on: boolean): void {
  if (on && conn.remoteAddr.transport === "tcp" && "setNoDelay" in conn) {
    (conn as Deno.TcpConn).setNoDelay(true);
  }
}

/**
 * Peer name of a connection: `HOST:PORT`, `[V6]:PORT`, or a unix socket path.
 * `ordinal` is the connection's number on its listener, from 1: a unix client
 * seldom binds a path of its own, so a server tells its clients apart by it.
 */
export function peerName(conn: Deno.Conn, ep?: Endpoint, ordinal?: number): string {
  if (conn.remoteAddr.transport !== "unix") return formatAddr(conn.remoteAddr);
  const path = (conn.remoteAddr as Deno.UnixAddr).path;
  return path || unixClientName(ep?.transport === "unix" ? ep.path : "unix", ordinal);
}

/**
 * The server a client's connection reached, as the user named it. A unix server's socket is
 * bound under a hidden name of its own and linked to PATH (unix_listener.ts): the connection's
 * remote path is that name, so the endpoint's path is said instead.
 */
export function serverName(conn: Deno.Conn, ep: Endpoint): string {
  return ep.transport === "unix" ? ep.path : formatAddr(conn.remoteAddr);
}

/** A unix client without a path of its own: the listening path and its ordinal there (`PATH#3`). */
export function unixClientName(listenPath: string, ordinal?: number): string {
  return ordinal === undefined ? listenPath : `${listenPath}#${ordinal}`;
}

/** True for errors that mean the peer went away (reset, broken pipe), not our bug. */
export function isPeerGone(err: unknown): boolean {
  return isTlsEof(err) || err instanceof Deno.errors.ConnectionReset ||
    err instanceof Deno.errors.BrokenPipe ||
    err instanceof Deno.errors.ConnectionAborted ||
    err instanceof Deno.errors.NotConnected ||
    err instanceof Deno.errors.BadResource ||
    err instanceof Deno.errors.Interrupted;
}

/**
 * A TLS peer that closed without close_notify (curl, openssl, a killed
 * process): for a debugging tool that is an end of file, not a failure.
 */
export function isTlsEof(err: unknown): boolean {
  return err instanceof Deno.errors.UnexpectedEof;
}

/** Anything written to with Deno's write: a connection, a file. */
export interface Writer {
  write(data: Uint8Array): Promise<number>;
}

/**
 * Writes all of `data` (Deno's write may write less than asked). `written` is told each
 * write's count as it is made: a write cut midway (a Ctrl-C, a peer gone) leaves what it counted.
 */
export async function writeAll(
  to: Writer,
  data: Uint8Array,
  written?: (n: number) => void,
): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const n = await to.write(data.subarray(off));
    off += n;
    written?.(n);
  }
}

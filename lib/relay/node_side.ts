/**
 * The node:net backend of the relay, used for --reset-after: Socket's
 * resetAndDestroy() closes with SO_LINGER 0, so the peer gets a real RST
 * (ECONNRESET) instead of end of file. Slower than Deno.Conn, which is why
 * it is used only when a reset is asked for.
 */
import net from "node:net";
import {
  type Endpoint,
  endpointError,
  formatEndpoint,
  formatHostPort,
} from "../transport/endpoint.ts";
import { asDenoError } from "../transport/node_errors.ts";
import { CONNECT_MS } from "../transport/dial.ts";
import { saidOf } from "../errors.ts";
import { said, saying } from "../i18n/say.ts";
import { removeStaleSocket, unixClientName } from "../transport/stream.ts";
import { AcceptBackoff, isPeerAbort } from "../transport/stream_server.ts";
import type { StreamBackend, StreamSide } from "./stream_side.ts";

class NodeSide implements StreamSide {
  readonly #chunks: AsyncIterator<Uint8Array>;

  constructor(readonly socket: net.Socket, readonly peer: string) {
    // Errors reach read() and write(); without a listener node would throw them.
    socket.on("error", () => {});
    socket.setNoDelay(true);
    // Not destroyed at end of file (as socket[Symbol.asyncIterator] would): a client's half-close
    // ends its reads, and the target's answer must still be written to it.
    this.#chunks = socket.iterator({ destroyOnReturn: false });
  }

  async read(): Promise<Uint8Array | null> {
    try {
      const next = await this.#chunks.next();
      return next.done ? null : next.value;
    } catch (err) {
      throw asDenoError(err);
    }
  }

  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => err ? reject(asDenoError(err)) : resolve());
    });
  }

  closeWrite(): Promise<void> {
    return new Promise((resolve) => this.socket.end(resolve));
  }

  close(): void {
    this.socket.destroy();
  }

  reset(): boolean {
    if (this.socket.destroyed) return false;
    try {
      this.socket.resetAndDestroy();
      return true;
    } catch {
      // A unix socket has no RST (ERR_INVALID_HANDLE_TYPE): it is closed instead.
      this.socket.destroy();
      return false;
    }
  }
}

/** The peer's name as the Deno backend gives it; undefined when a TCP peer reset before accept. */
function socketPeer(socket: net.Socket, ep: Endpoint, ordinal: number): string | undefined {
  if (ep.transport === "unix") return unixClientName(ep.path, ordinal);
  if (socket.remoteAddress === undefined) return undefined;
  return formatHostPort(socket.remoteAddress, socket.remotePort ?? 0);
}

function listenOptions(ep: Endpoint): net.ListenOptions {
  return ep.transport === "unix" ? { path: ep.path } : { host: ep.host, port: ep.port };
}

/** A node:net server listening on `ep` (a stale unix socket file replaced), paused on connect. */
async function openServer(ep: Endpoint): Promise<net.Server> {
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  try {
    if (ep.transport === "unix") await removeStaleSocket(ep.path);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(listenOptions(ep), () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    throw endpointError("listen", ep, asDenoError(err));
  }
  return server;
}

/** Descriptors kept free beside the links: the listener's, lookups', Deno's own. */
const SPARE_DESCRIPTORS = 16;

/**
 * How many links may be open at once, or undefined where the system does not
 * say (no /proc: not Linux). A link holds two descriptors, client and target.
 */
function linkCap(): number | undefined {
  try {
    const limits = Deno.readTextFileSync("/proc/self/limits");
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    if (soft === undefined) return undefined; // unlimited
    const open = [...Deno.readDirSync("/proc/self/fd")].length;
    return Math.max(1, Math.floor((Number(soft) - open - SPARE_DESCRIPTORS) / 2));
  } catch {
    return undefined;
  }
}

export const nodeBackend: StreamBackend = {
  async listen(ep, emit) {
    let server = await openServer(ep);
    const bound = server.address();
    const addr: Deno.Addr = typeof bound === "string" || bound === null
      ? { transport: "unix", path: ep.transport === "unix" ? ep.path : String(bound) }
      : { transport: "tcp", hostname: bound.address, port: bound.port };
    // Listening again takes the port given out the first time (port 0 asks for any).
    const again: Endpoint = ep.transport === "unix" || addr.transport !== "tcp"
      ? ep
      : { ...ep, port: addr.port };
    let closed = false;
    let ended = () => {};
    const done = new Promise<void>((resolve) => (ended = resolve));
    return {
      addr,
      serve(onSide) {
        const backoff = new AcceptBackoff(emit);
        const cap = linkCap();
        let accepted = 0; // names unix clients apart
        let links = 0;
        let full = false;
        /**
         * Deno's node:net server stops accepting for good once an accept fails
         * for want of descriptors (no `error` event, no retry: Deno 2.9). So
         * accepting never gets there: with as many links as the descriptors
         * allow, the server stops listening, and listens again when one ends.
         */
        const pauseWhenFull = () => {
          if (cap === undefined || links < cap || full) return;
          full = true;
          server.close();
          emit({
            event: "error",
            ...saying(said("net.descriptors_full", { cap })),
          });
        };
        const resumeWithRoom = async () => {
          if (!full || closed || links >= cap!) return;
          full = false;
          try {
            server = await openServer(again);
          } catch (err) {
            emit({ event: "error", ...saying(saidOf(err)) });
            return ended();
          }
          if (closed) return server.close();
          watch(server);
          emit({ event: "info", kind: "note", ...saying(said("net.accepting_again_link")) });
        };
        const take = (socket: net.Socket) => {
          backoff.accepted();
          const peer = socketPeer(socket, ep, ++accepted);
          // A port scanner's connect-then-reset: skipped, as the Deno backend skips it.
          if (peer === undefined) return void socket.destroy();
          links++;
          socket.once("close", () => {
            links--;
            void resumeWithRoom();
          });
          pauseWhenFull();
          onSide(new NodeSide(socket, peer));
        };
        const watch = (s: net.Server) => {
          s.on("connection", take);
          s.on("error", (err) => {
            const mapped = asDenoError(err);
            if (!isPeerAbort(mapped)) backoff.failed(mapped);
          });
        };
        watch(server);
        return done;
      },
      close() {
        closed = true;
        server.close();
        ended();
      },
    };
  },
  async connect(ep, signal) {
    const socket = ep.transport === "unix"
      ? net.connect({ path: ep.path, allowHalfOpen: true })
      : net.connect({ host: ep.host, port: ep.port, allowHalfOpen: true });
    const abandon = () => socket.destroy(signal.reason);
    signal.addEventListener("abort", abandon, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        // As the Deno backend's connects: a target that drops our SYN is not waited on for the
        // system's two minutes of retries.
        timer = setTimeout(
          () => reject(new Deno.errors.TimedOut(`no answer within ${CONNECT_MS / 1000} s`)),
          CONNECT_MS,
        );
        socket.once("error", reject);
        socket.once("connect", () => {
          socket.off("error", reject);
          resolve();
        });
      });
    } catch (err) {
      socket.destroy();
      if (signal.aborted) throw signal.reason;
      throw endpointError("connect", ep, asDenoError(err));
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", abandon);
    }
    return new NodeSide(socket, formatEndpoint(ep));
  },
};

/**
 * The node:net backend of the relay, used for --reset-after: Socket's
 * resetAndDestroy() closes with SO_LINGER 0, so the peer gets a real RST
 * (ECONNRESET) instead of end of file. Slower than Deno.Conn, which is why
 * it is used only when a reset is asked for.
 */
import net from "node:net";
import { type Endpoint, formatEndpoint, formatHostPort } from "../transport/endpoint.ts";
import { asDenoError } from "../transport/node_errors.ts";
import { removeStaleSocket, unixClientName } from "../transport/stream.ts";
import { AcceptBackoff, isPeerAbort } from "../transport/stream_server.ts";
import { endpointError, type StreamBackend, type StreamSide } from "./stream_side.ts";

class NodeSide implements StreamSide {
  readonly #chunks: AsyncIterator<Uint8Array>;

  constructor(readonly socket: net.Socket, readonly peer: string) {
    // Errors reach read() and write(); without a listener node would throw them.
    socket.on("error", () => {});
    socket.setNoDelay(true);
    this.#chunks = socket[Symbol.asyncIterator]();
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

export const nodeBackend: StreamBackend = {
  async listen(ep, emit) {
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
      throw endpointError("listen on", ep, asDenoError(err));
    }
    const bound = server.address();
    const addr: Deno.Addr = typeof bound === "string" || bound === null
      ? { transport: "unix", path: ep.transport === "unix" ? ep.path : String(bound) }
      : { transport: "tcp", hostname: bound.address, port: bound.port };
    return {
      addr,
      serve(onSide) {
        // node:net waits out a failed accept itself; the policy decides what is said.
        const backoff = new AcceptBackoff(emit);
        let accepted = 0; // names unix clients apart
        server.on("connection", (socket) => {
          backoff.accepted();
          const peer = socketPeer(socket, ep, ++accepted);
          // A port scanner's connect-then-reset: skipped, as the Deno backend skips it.
          if (peer === undefined) return void socket.destroy();
          onSide(new NodeSide(socket, peer));
        });
        server.on("error", (err) => {
          const mapped = asDenoError(err);
          if (!isPeerAbort(mapped)) backoff.failed(mapped);
        });
        return new Promise<void>((resolve) => server.once("close", () => resolve()));
      },
      close() {
        server.close();
      },
    };
  },
  async connect(ep) {
    const socket = ep.transport === "unix"
      ? net.connect({ path: ep.path, allowHalfOpen: true })
      : net.connect({ host: ep.host, port: ep.port, allowHalfOpen: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.once("connect", () => {
          socket.off("error", reject);
          resolve();
        });
      });
    } catch (err) {
      throw endpointError("connect to", ep, asDenoError(err));
    }
    return new NodeSide(socket, formatEndpoint(ep));
  },
};

/**
 * The node:net backend of the relay, used for --reset-after: Socket's
 * resetAndDestroy() closes with SO_LINGER 0, so the peer gets a real RST
 * (ECONNRESET) instead of end of file. Slower than Deno.Conn, which is why
 * it is used only when a reset is asked for.
 */
import net from "node:net";
import { type Endpoint, formatEndpoint, formatHostPort } from "../options/endpoint.ts";
import { asDenoError } from "../transport/node_errors.ts";
import { unixClientName } from "../transport/stream.ts";
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

function socketPeer(socket: net.Socket, ep: Endpoint, ordinal: number): string {
  if (ep.transport === "unix") return unixClientName(ep.path, ordinal);
  return formatHostPort(socket.remoteAddress ?? "?", socket.remotePort ?? 0);
}

function listenOptions(ep: Endpoint): net.ListenOptions {
  return ep.transport === "unix" ? { path: ep.path } : { host: ep.host, port: ep.port };
}

export const nodeBackend: StreamBackend = {
  async listen(ep) {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    try {
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
      serve(onSide, onError) {
        let accepted = 0; // names unix clients apart
        server.on("connection", (socket) => {
          onSide(new NodeSide(socket, socketPeer(socket, ep, ++accepted)));
        });
        server.on("error", onError);
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

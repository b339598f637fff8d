/**
 * --insecure. Deno's own TLS cannot skip the check of a server's
 * certificate except process-wide (the --unsafely-ignore-certificate-errors
 * runtime flag, which a compiled framecat cannot take); node:tls can, per
 * connection, with rejectUnauthorized: false. So an insecure connection is a
 * node:tls socket behind the part of Deno.Conn that framecat uses.
 */
import tls from "node:tls";
import type { NetEndpoint } from "./endpoint.ts";
import type { TlsSettings } from "./tls_settings.ts";
import { asDenoError } from "./node_errors.ts";
import { handshakeWithin, SERVER_SILENT } from "./tls_handshake.ts";
import { handshakeFailure } from "./tls_probe.ts";
import type { TlsInfo } from "../events/types.ts";

/** Connects without verifying the server; resolves once the handshake is done. */
export async function connectInsecure(
  ep: NetEndpoint,
  settings: TlsSettings,
  servername: string,
  signal?: AbortSignal,
): Promise<{ conn: Deno.Conn; info: TlsInfo }> {
  const socket = tls.connect({
    ...(signal ? { signal } : {}),
    host: ep.host,
    port: ep.port,
    rejectUnauthorized: false,
    // SNI carries names only; an address is not sent (RFC 6066).
    ...(isAddress(servername) ? {} : { servername }),
    ...(settings.alpn ? { ALPNProtocols: settings.alpn } : {}),
    ...(settings.cert && settings.key ? { cert: settings.cert, key: settings.key } : {}),
  });
  try {
    await handshakeWithin(
      () =>
        new Promise<void>((resolve, reject) => {
          socket.once("error", reject);
          socket.once("secureConnect", () => {
            socket.off("error", reject);
            resolve();
          });
        }),
      () => socket.destroy(new Error("TLS handshake timed out")),
      SERVER_SILENT,
    );
  } catch (err) {
    socket.destroy();
    // A hang-up during the handshake: node words it as a reset, Deno's own client as end of
    // file; said alike, with the same hint, verified or not.
    if (/disconnected before secure TLS connection/.test(String((err as Error)?.message))) {
      throw new Deno.errors.UnexpectedEof("unexpected end of file");
    }
    // Said as a verified client says it: a plain server's answer shown, our --alpn named.
    throw await handshakeFailure(asDenoError(err), ep, settings);
  }
  const alpn = socket.alpnProtocol;
  const info: TlsInfo = {
    alpn: typeof alpn === "string" ? alpn : null,
    verified: false,
    servername,
    ...(socket.getProtocol() ? { protocol: socket.getProtocol()! } : {}),
    ...(socket.getCipher()?.name ? { cipher: socket.getCipher().name } : {}),
  };
  return { conn: new NodeTlsConn(socket) as unknown as Deno.Conn, info };
}

function isAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}

/**
 * The members of Deno.Conn that framecat's readers and writers call (read,
 * write, closeWrite, close and the addresses), over a node:tls socket.
 */
class NodeTlsConn {
  readonly #chunks: AsyncIterator<Uint8Array>;
  #left: Uint8Array = new Uint8Array(0);

  constructor(readonly socket: tls.TLSSocket) {
    // Errors reach read() and write(); without a listener node would throw them.
    socket.on("error", () => {});
    this.#chunks = socket[Symbol.asyncIterator]();
  }

  get localAddr(): Deno.NetAddr {
    return {
      transport: "tcp",
      hostname: this.socket.localAddress ?? "",
      port: this.socket.localPort ?? 0,
    };
  }

  get remoteAddr(): Deno.NetAddr {
    return {
      transport: "tcp",
      hostname: this.socket.remoteAddress ?? "",
      port: this.socket.remotePort ?? 0,
    };
  }

  /** Like Deno's read: up to `buf.length` bytes, null at end of file. */
  async read(buf: Uint8Array): Promise<number | null> {
    if (this.#left.length === 0) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await this.#chunks.next();
      } catch (err) {
        throw asDenoError(err);
      }
      if (next.done) return null;
      this.#left = next.value;
    }
    const n = Math.min(buf.length, this.#left.length);
    buf.set(this.#left.subarray(0, n));
    this.#left = this.#left.subarray(n);
    return n;
  }

  write(data: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => err ? reject(asDenoError(err)) : resolve(data.length));
    });
  }

  closeWrite(): Promise<void> {
    return new Promise((resolve) => this.socket.end(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Small socket helpers for tests: raw peers written against Deno's API, bounded in time. */
import { concatBytes } from "../../lib/bytes.ts";
import type { Frame, FrameDecoder } from "../../lib/framing/types.ts";
export { writeAll } from "../../lib/transport/stream.ts";

/** Reads from `conn` until `n` bytes arrived or EOF, within `timeoutMs`. */
export async function readBytes(
  conn: Deno.Conn,
  n: number,
  timeoutMs = 10_000,
): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  const timer = setTimeout(() => conn.close(), timeoutMs);
  try {
    while (got < n) {
      const r = await conn.read(out.subarray(got));
      if (r === null) break;
      got += r;
    }
  } finally {
    clearTimeout(timer);
  }
  return out.subarray(0, got);
}

/** Reads until EOF (bounded by `timeoutMs`, then closes). */
export async function readToEnd(conn: Deno.Conn, timeoutMs = 10_000): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const timer = setTimeout(() => conn.close(), timeoutMs);
  try {
    const buf = new Uint8Array(65536);
    while (true) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      parts.push(buf.slice(0, n));
    }
  } finally {
    clearTimeout(timer);
  }
  return concatBytes(parts);
}

/** Reads and decodes until `n` frames arrived (or EOF / `timeoutMs`). */
export async function readFrames(
  conn: Deno.Conn,
  decoder: FrameDecoder,
  n: number,
  timeoutMs = 10_000,
): Promise<Frame[]> {
  const frames: Frame[] = [];
  const timer = setTimeout(() => conn.close(), timeoutMs);
  try {
    while (frames.length < n) {
      const buf = new Uint8Array(65536);
      const r = await conn.read(buf).catch(() => null);
      if (r === null) break;
      frames.push(...decoder.push(buf.subarray(0, r)));
    }
  } finally {
    clearTimeout(timer);
  }
  return frames;
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const fromBase64 = (ev: Record<string, unknown>) =>
  Uint8Array.fromBase64(ev.base64 as string);

/**
 * A loopback TCP port that refuses: port 1 (tcpmux), below the range the kernel hands out, so no
 * other test's server can take it meanwhile, as one from {@linkcode freePort} can be. Checked.
 */
export async function refusedPort(): Promise<number> {
  const port = 1;
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
  } catch (err) {
    if (err instanceof Deno.errors.ConnectionRefused) return port;
    throw err;
  }
  throw new Error(`something serves 127.0.0.1:${port}: the tests need it refused`);
}

/** A port nobody listens on right now, for a server to take (a test that needs a refusal: {@linkcode refusedPort}). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

/** A UDP socket on loopback, on a port the kernel picks; closed at the end of its `using` scope. */
export function udpSocket(): Deno.DatagramConn & Disposable {
  const sock = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  return Object.assign(sock, {
    [Symbol.dispose]: () => {
      try {
        sock.close();
      } catch { /* already closed */ }
    },
  });
}

/** A UDP socket on loopback that plays a client: send text, receive text. */
export class UdpClient implements Disposable {
  readonly sock = udpSocket();
  readonly #server: Deno.NetAddr;
  #pending?: Promise<[Uint8Array, Deno.Addr]>;

  constructor(port: number) {
    this.#server = { transport: "udp", hostname: "127.0.0.1", port };
  }

  /** `HOST:PORT`, as framecat names this peer. */
  get name(): string {
    return `127.0.0.1:${(this.sock.addr as Deno.NetAddr).port}`;
  }

  send(text: string): Promise<number> {
    return this.sock.send(new TextEncoder().encode(text), this.#server);
  }

  /** The next datagram as text, or undefined after `timeoutMs`. */
  async receive(timeoutMs = 5_000): Promise<string | undefined> {
    // One receive at a time: one that outlives a timeout serves the next call.
    if (!this.#pending) {
      this.#pending = this.sock.receive();
      this.#pending.catch(() => {}); // closed at dispose
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((
      r,
    ) => (timer = setTimeout(() => r(undefined), timeoutMs)));
    try {
      const got = await Promise.race([this.#pending, timeout]);
      if (!got) return undefined;
      this.#pending = undefined;
      return new TextDecoder().decode(got[0]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Receives until a datagram equal to `text` arrives (others are skipped); false after the wait. */
  async receiveUntil(text: string, timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.receive(deadline - Date.now()) === text) return true;
    }
    return false;
  }

  [Symbol.dispose](): void {
    this.sock[Symbol.dispose]();
  }
}

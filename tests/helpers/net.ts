import type { Frame, FrameDecoder } from "../../lib/framing/types.ts";

/** Small socket helpers for tests: raw peers written against Deno's API, bounded in time. */

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
  return concat(parts);
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

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}

export const text = (s: string) => new TextEncoder().encode(s);
export const fromBase64 = (ev: Record<string, unknown>) =>
  Uint8Array.fromBase64(ev.base64 as string);

/** Runs a python3 script with arguments; returns stdout (throws on a non-zero exit). */
export async function python(
  code: string,
  args: string[] = [],
  timeoutMs = 30_000,
): Promise<string> {
  const child = new Deno.Command("python3", {
    args: ["-c", code, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const out = await child.output();
  clearTimeout(timer);
  const stderr = new TextDecoder().decode(out.stderr);
  if (out.code !== 0) throw new Error(`python3 exited ${out.code}: ${stderr}`);
  return new TextDecoder().decode(out.stdout);
}

/** A port nobody listens on right now. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

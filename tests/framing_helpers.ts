/** Shared by the framing tests: a seeded PRNG, stream building, slicing, python3. */
import { concatBytes } from "../lib/bytes.ts";
import {
  createEncoder,
  type Frame,
  type FrameDecoder,
  type Framing,
  type JsonHeader,
} from "../lib/framing/mod.ts";
import { Rng as SeededRng } from "../lib/relay/rng.ts";
import { output, PYTHON } from "./helpers/process.ts";

export { text } from "./helpers/net.ts";

/** The relay's seeded PRNG (mulberry32), so every random test is repeatable; with test helpers. */
export class Rng extends SeededRng {
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = (this.next() * 256) | 0;
    return out;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A random message that survives `framing` unchanged: for `line`, no `\n`
 * and no trailing `\r`.
 */
export function randomMessage(rng: Rng, framing: Framing, maxSize: number): Uint8Array {
  const message = rng.bytes(rng.int(0, maxSize));
  if (framing !== "line") return message;
  for (let i = 0; i < message.length; i++) if (message[i] === 0x0a) message[i] = 0x20;
  if (message.at(-1) === 0x0d) message[message.length - 1] = 0x21;
  return message;
}

/** The messages, each encoded, as one stream. */
export function encodeAll(
  framing: Framing,
  messages: readonly Uint8Array[],
  options?: Parameters<typeof createEncoder>[1],
  header?: JsonHeader,
): Uint8Array {
  return concatBytes(encodeEach(framing, messages, options, header));
}

/** The messages, each encoded on its own. */
export function encodeEach(
  framing: Framing,
  messages: readonly Uint8Array[],
  options?: Parameters<typeof createEncoder>[1],
  header?: JsonHeader,
): Uint8Array[] {
  const encoder = createEncoder(framing, options);
  return messages.map((message) => encoder.encode(message, header));
}

/** Where each of these frames begins in the stream they make, one after another. */
export function frameStarts(frames: readonly Uint8Array[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const frame of frames) {
    starts.push(at);
    at += frame.length;
  }
  return starts;
}

/** Cuts `stream` into chunks of 1 to `maxChunk` bytes (views). */
export function randomSlices(rng: Rng, stream: Uint8Array, maxChunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < stream.length;) {
    const size = rng.int(1, maxChunk);
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** Pushes every chunk, then ends the stream; returns every frame. */
export function decodeAll(decoder: FrameDecoder, chunks: Iterable<Uint8Array>): Frame[] {
  const frames: Frame[] = [];
  for (const chunk of chunks) frames.push(...decoder.push(chunk));
  decoder.end();
  return frames;
}

/** Every 1-byte slice of `stream`. */
export function* byteSlices(stream: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < stream.length; i++) yield stream.subarray(i, i + 1);
}

/** Runs `python3 -c code` with `stdin`; returns its stdout bytes, throwing on failure. */
export function python(code: string, stdin?: Uint8Array): Promise<Uint8Array> {
  return output(PYTHON, ["-c", code], { stdin });
}

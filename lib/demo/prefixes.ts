/**
 * Where the length prefixes are in a framed stream, read by read, so the
 * timeline can show them as what they are — `00 00 00 4a = 74` — instead of
 * escaped bytes that read as text ("\x00\x00\x00J"). Demo streams only: they
 * are well formed (a fixed-width prefix, a JSON header with total_size).
 */
import { lengthReader, parsePrefix, prefixWidth } from "../framing/prefix.ts";
import { COURSE_PREFIX_CODE, type Prefix } from "../framing/types.ts";

/** The course's prefix, `struct.pack('i', n)`: what the demos' fixes frame with (--prefix i). */
export const COURSE_PREFIX: Prefix = parsePrefix(COURSE_PREFIX_CODE);

/** The framing a demo phase uses: a fixed-width prefix (not varint). */
export interface DemoFraming {
  framing: "len" | "json";
  prefix: Prefix;
}

/** A length prefix (or a JSON header), or the part of one, inside one read or write. */
export interface PrefixSpan {
  /** Where it starts in the bytes shown. */
  offset: number;
  /** How many of its bytes are in them (fewer when a read ends inside the prefix). */
  width: number;
  /** The length it says, once all its bytes have come. */
  value?: number;
  /** True for the bytes of a JSON header (json framing): shown as the JSON text it is. */
  header?: boolean;
}

/** Follows one direction of a framed stream across its reads. */
export class PrefixScanner {
  #stage: "prefix" | "header" | "body" = "prefix";
  /** Bytes of the prefix (or the JSON header) gathered so far. */
  #held: number[] = [];
  /** Bytes of the header or body still to come. */
  #left = 0;
  readonly #width: number;

  constructor(readonly o: DemoFraming) {
    this.#width = prefixWidth(o.prefix);
  }

  /** The prefixes (or parts) in the next `chunk` of the stream. */
  scan(chunk: Uint8Array): PrefixSpan[] {
    const spans: PrefixSpan[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.#stage === "prefix") {
        const take = Math.min(this.#width - this.#held.length, chunk.length - at);
        this.#held.push(...chunk.subarray(at, at + take));
        const span: PrefixSpan = { offset: at, width: take };
        if (this.#held.length === this.#width) {
          span.value = lengthReader(this.o.prefix)(Uint8Array.from(this.#held), 0);
          this.#held = [];
          this.#left = span.value;
          this.#stage = this.o.framing === "json" ? "header" : "body";
        }
        spans.push(span);
        at += take;
        continue;
      }
      const take = Math.min(this.#left, chunk.length - at);
      if (this.#stage === "header") {
        this.#held.push(...chunk.subarray(at, at + take));
        if (take > 0) spans.push({ offset: at, width: take, header: true });
      }
      at += take;
      this.#left -= take;
      if (this.#left === 0) this.#next();
    }
    return spans;
  }

  /** A header or body is complete: the body of the header's total_size, or the next prefix. */
  #next(): void {
    if (this.#stage === "header") {
      const header = JSON.parse(new TextDecoder().decode(Uint8Array.from(this.#held)));
      this.#held = [];
      this.#left = Number(header.total_size);
      this.#stage = "body";
      if (this.#left > 0) return;
    }
    this.#stage = "prefix";
  }
}

/**
 * The course's most common length bug: a length counted in characters
 * (Python's `len(s)`) for a message sent as UTF-8 bytes (`s.encode()`). The
 * frame it announces ends inside a character, and the next length prefix is
 * read from the rest of that character and the text after it. When the bytes
 * show exactly that, a frame error says so.
 */
import { type Said, said } from "../i18n/say.ts";

/** The last bytes of a message worth keeping to tell a cut character: a UTF-8 character's 4 less one. */
export const TAIL_BYTES = 3;

/** Continuation bytes the UTF-8 character cut at the end of `tail` still needs; 0 when none is cut. */
export function cutCharacterNeeds(tail: Uint8Array): number {
  for (let back = 1; back <= Math.min(TAIL_BYTES, tail.length); back++) {
    const b = tail[tail.length - back];
    if (b >= 0x80 && b < 0xc0) continue;
    const size = b >= 0xf5 ? 0 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
    return size > back ? size - back : 0;
  }
  return 0;
}

/**
 * The hint for a length prefix at `next` that follows a message ending in
 * `tail`, when that message ends inside a UTF-8 character that `next` begins by finishing.
 * @param field what announced the length: `the length prefix` or `total_size`
 */
export function characterCountHint(
  tail: Uint8Array | undefined,
  next: Uint8Array,
  field: "len" | "json",
): Said | undefined {
  if (tail === undefined) return undefined;
  const need = cutCharacterNeeds(tail);
  if (need === 0 || next.length < need) return undefined;
  for (let i = 0; i < need; i++) if (next[i] < 0x80 || next[i] >= 0xc0) return undefined;
  return said(field === "len" ? "hint.char_count_len" : "hint.char_count_json", { bytes: need });
}

/**
 * The last {@linkcode TAIL_BYTES} bytes of a message, kept as its pieces arrive: three bytes
 * copied a piece, nothing allocated (it is kept on every read, and looked at only on an error).
 */
export class MessageTail {
  readonly #bytes = new Uint8Array(TAIL_BYTES);
  #length = 0;

  clear(): void {
    this.#length = 0;
  }

  /** The message goes on with `more`. */
  add(more: Uint8Array): void {
    if (more.length >= TAIL_BYTES) {
      this.#bytes.set(more.subarray(more.length - TAIL_BYTES));
      this.#length = TAIL_BYTES;
      return;
    }
    const keep = Math.min(this.#length, TAIL_BYTES - more.length);
    this.#bytes.copyWithin(0, this.#length - keep, this.#length);
    this.#bytes.set(more, keep);
    this.#length = keep + more.length;
  }

  get bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }
}

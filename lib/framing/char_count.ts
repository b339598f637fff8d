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

/** A copy of the last {@linkcode TAIL_BYTES} bytes of `payload`. */
export function tailOf(payload: Uint8Array): Uint8Array {
  return payload.slice(Math.max(0, payload.length - TAIL_BYTES));
}

/** The last {@linkcode TAIL_BYTES} bytes of `tail` followed by `more` (a copy). */
export function addToTail(tail: Uint8Array, more: Uint8Array): Uint8Array {
  if (more.length >= TAIL_BYTES) return tailOf(more);
  const both = new Uint8Array(tail.length + more.length);
  both.set(tail);
  both.set(more, tail.length);
  return tailOf(both);
}

/**
 * "try --encoding gbk": received bytes that are not UTF-8 but read as
 * Chinese text in GBK (GB18030, its superset) get one hint, so `\xc4\xe3…`
 * is seen to be 你好 sent by a Windows program in the Chinese locale.
 */
import { decodeText } from "./escape.ts";
import { concatBytes } from "../bytes.ts";
import { said, sayEn } from "../i18n/say.ts";
import { type Emit, eventData, type FcEvent, showingAs } from "../events/types.ts";

/** Bytes of each message looked at: a hint needs a sample, not the whole of a large read. */
const SAMPLE_BYTES = 4096;
/** Messages looked at before giving up: a long conversation is not checked forever. */
const MAX_CHECKED = 64;

/**
 * An Emit that adds one `info` hint when received data looks like GBK text under UTF-8. With a
 * framing (`framed`) only the messages are looked at: a read holds their length prefixes and
 * headers too, binary bytes that GBK may well decode (`--prefix u8` then 150 bytes of UTF-8);
 * `trailer`: the bytes of a checksum each message ends with, left out for the same reason.
 */
export function encodingHints(emit: Emit, encoding: string, framed: boolean, trailer = 0): Emit {
  if (encoding !== "utf-8") return emit;
  let checked = 0;
  let done = false;
  /**
   * Per peer and kind: the start of a UTF-8 character its previous message ended inside.
   * A read ends wherever TCP cut the stream, so the next read begins with the rest of that
   * character: not bad bytes. At most one entry per message checked (MAX_CHECKED).
   */
  const cut = new Map<string, Uint8Array | undefined>();
  return showingAs((ev) => {
    emit(ev);
    const data = received(ev, framed, trailer);
    if (done || !data) return;
    const stream = `${ev.event} ${ev.peer ?? ""}`;
    const before = cut.get(stream);
    cut.set(stream, utf8Cut(data));
    const sample = before
      ? concatBytes([before, data.subarray(0, SAMPLE_BYTES)])
      : data.subarray(0, SAMPLE_BYTES);
    // Streaming: a character cut by the end of the sample is not taken for bad bytes.
    const text = decodeText(sample, "utf-8", true) === undefined ? gbkText(sample) : undefined;
    if (text !== undefined) {
      done = true;
      const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
      const hint = said("hint.gbk", { text: shown });
      emit({
        event: "info",
        kind: "note",
        peer: ev.peer,
        message: sayEn(hint),
        said: hint,
        hint: "--encoding gbk",
      });
    } else if (++checked >= MAX_CHECKED) {
      done = true;
    }
  }, emit);
}

/** The bytes of a frame (or, unframed, of a read) that has some. */
function received(ev: FcEvent, framed: boolean, trailer: number): Uint8Array | undefined {
  const looked = ev.event === "frame" || (ev.event === "read" && !framed);
  let data = looked ? eventData(ev) : undefined;
  // A message's checksum (--checksum) is binary, and GBK may well read it as text: left out.
  if (data && ev.event === "frame" && trailer > 0) data = data.subarray(0, -trailer);
  return data && data.length > 0 ? data : undefined;
}

/** The bytes of the UTF-8 character `data` ends inside (a copy), or none. */
function utf8Cut(data: Uint8Array): Uint8Array | undefined {
  // A character is at most 4 bytes: its lead byte is among the last 3 if it is cut.
  for (let i = data.length - 1; i >= Math.max(0, data.length - 3); i--) {
    const b = data[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return data.length - i < length ? data.slice(i) : undefined;
  }
  return undefined;
}

/**
 * The bytes as GBK text: every character decodes, two or more are Chinese, none is a control
 * code. One is not enough: any two bytes from 0xb0 up read as a character (`AA 55` sent as hex to
 * a device reads as 猆).
 */
function gbkText(bytes: Uint8Array): string | undefined {
  const text = decodeText(bytes, "gb18030", true);
  if (text === undefined) return undefined;
  const chinese = (text.match(/[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/g)?.length ?? 0) >= 2;
  const control = /[^\P{Cc}\t\r\n]/u.test(text); // a control code other than tab and line ends
  return chinese && !control ? text : undefined;
}

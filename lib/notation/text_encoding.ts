/**
 * Text in any WHATWG encoding framecat can write, both ways. Decoding is
 * built in (TextDecoder); encoding is iconv-lite's for multi-byte encodings
 * and the decoder's own table for single-byte ones (TextEncoder only speaks
 * UTF-8). A label without an encoder is refused, so nothing typed is ever
 * written as `?` for want of one.
 */
import type iconvLite from "iconv-lite";
import { UsageError } from "../errors.ts";
import { listed, said } from "../i18n/say.ts";
import { likelyNames } from "../likely.ts";

/** Encodings of one byte a character: their decoder's 256 bytes, read backwards, are complete. */
const SINGLE_BYTE = /^(ibm866|iso-8859-.*|koi8-.|macintosh|windows-.*|x-mac-cyrillic)$/;

/** The encodings of the WHATWG Encoding Standard, by canonical name (as TextDecoder names them). */
export const WHATWG_ENCODINGS: readonly string[] = [
  "utf-8",
  "ibm866",
  "iso-8859-2",
  "iso-8859-3",
  "iso-8859-4",
  "iso-8859-5",
  "iso-8859-6",
  "iso-8859-7",
  "iso-8859-8",
  "iso-8859-8-i",
  "iso-8859-10",
  "iso-8859-13",
  "iso-8859-14",
  "iso-8859-15",
  "iso-8859-16",
  "koi8-r",
  "koi8-u",
  "macintosh",
  "windows-874",
  "windows-1250",
  "windows-1251",
  "windows-1252",
  "windows-1253",
  "windows-1254",
  "windows-1255",
  "windows-1256",
  "windows-1257",
  "windows-1258",
  "x-mac-cyrillic",
  "gbk",
  "gb18030",
  "big5",
  "euc-jp",
  "iso-2022-jp",
  "shift_jis",
  "euc-kr",
  "utf-16be",
  "utf-16le",
];

/**
 * The WHATWG encodings of more than one byte a character that iconv-lite
 * encodes (all but iso-2022-jp). Listed rather than asked of
 * `iconv.encodingExists`, which loads every codec's tables: a fifth of each
 * start's time. encoding_test checks the list against iconv-lite.
 */
export const MULTI_BYTE_ENCODERS: readonly string[] = [
  "gbk",
  "gb18030",
  "big5",
  "euc-jp",
  "shift_jis",
  "euc-kr",
  "utf-16be",
  "utf-16le",
];

/** The encodings both decoded and encoded: what --encoding accepts (by any of their labels). */
export const WRITABLE_ENCODINGS: readonly string[] = WHATWG_ENCODINGS.filter((name) =>
  name === "utf-8" || SINGLE_BYTE.test(name) || MULTI_BYTE_ENCODERS.includes(name)
);

let iconv: typeof iconvLite | undefined;

/**
 * Loads iconv-lite, which only the multi-byte encodings need (gbk, big5, shift_jis…): its
 * evaluation is a twentieth of a framecat start's CPU. The command line loads it when it holds
 * `--encoding`, before it reads anything written in one.
 */
export async function loadEncoders(): Promise<void> {
  iconv ??= (await import("iconv-lite")).default;
}

/** Checks an encoding label; returns its canonical name (`gbk`, `utf-8`…). */
export function checkEncoding(label: string): string {
  const name = encodingOf(label);
  if (name === undefined || !WRITABLE_ENCODINGS.includes(name)) {
    const labels = listed(WRITABLE_ENCODINGS);
    const like = name === undefined ? meant(label) : [];
    throw new UsageError(
      name !== undefined
        ? said("usage.encoding_read_only", { label, name, labels })
        : like.length > 0
        ? said("usage.encoding_like", { label, like: listed(like, "list.or"), labels })
        : said("usage.encoding", { label, labels }),
    );
  }
  return name;
}

/**
 * Windows's code page names that are no WHATWG label, as Windows tools and iconv users write them
 * (`chcp` says 936): each names the encoding the WHATWG spec gives that code page.
 */
const CODE_PAGES: Readonly<Record<string, string>> = {
  "cp936": "gbk",
  "ms936": "gbk",
  "windows-936": "gbk",
  "cp54936": "gb18030",
  "windows-54936": "gb18030",
  "cp950": "big5",
  "windows-950": "big5",
  "cp932": "shift_jis",
  "windows-932": "shift_jis",
  "cp949": "euc-kr",
};

/** The canonical name of the encoding a label names, or undefined for a label of none. */
function encodingOf(label: string): string | undefined {
  const codePage = CODE_PAGES[label.trim().toLowerCase()];
  try {
    return new TextDecoder(codePage ?? label).encoding;
  } catch {
    return undefined;
  }
}

/**
 * The writable encodings a label of none likely meant: those of the labels one edit away (an
 * alias counts: `gb2312x` is one from `gb2312`, a label of gbk), else the canonical names
 * closest to it, as commander finds a mistyped command.
 */
function meant(label: string): string[] {
  const word = label.trim().toLowerCase();
  const near = new Set<string>();
  // No label is longer than 19 characters: a longer word is more than one edit from each.
  if (word.length <= 20) {
    for (const edited of oneEditAway(word)) {
      const name = encodingOf(edited);
      if (name !== undefined && WRITABLE_ENCODINGS.includes(name)) near.add(name);
    }
  }
  if (near.size > 0) return WRITABLE_ENCODINGS.filter((name) => near.has(name));
  return likelyNames(word, WRITABLE_ENCODINGS);
}

/** The characters of the WHATWG labels. */
const LABEL_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789-_.:";

/** Every word one edit from `word`: a character left out, swapped with the next, changed, added. */
function* oneEditAway(word: string): Generator<string> {
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) yield head + tail.slice(1);
    if (tail.length > 1) yield head + tail[1] + tail[0] + tail.slice(2);
    for (const c of LABEL_CHARACTERS) {
      if (tail) yield head + c + tail.slice(1);
      yield head + c + tail;
    }
  }
}

/**
 * A memo, not state: each table is what the platform's decoder says about
 * 256 bytes, the same for every run, and built once per encoding used.
 */
const singleByteTables = new Map<string, Map<string, number>>();

/**
 * Every character of a single-byte encoding and its byte. Built from the
 * decoder, not iconv-lite: it is complete by construction (iconv-lite lacks
 * a few, such as koi8-u's ў and the C1 controls of windows-1252).
 */
function singleByteTable(encoding: string): Map<string, number> {
  let table = singleByteTables.get(encoding);
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (let byte = 0; byte < 256; byte++) {
    try {
      const ch = decoder.decode(Uint8Array.of(byte));
      if (!table.has(ch)) table.set(ch, byte);
    } catch { /* a byte this encoding leaves undefined */ }
  }
  singleByteTables.set(encoding, table);
  return table;
}

/**
 * Encodes text in `encoding` (a name checkEncoding returned); a character the
 * encoding cannot hold becomes `?` (as iconv -c would drop it). For text the
 * user gives, {@linkcode encodeGiven} refuses such a character instead.
 */
export function encodeText(text: string, encoding = "utf-8"): Uint8Array {
  if (encoding === "utf-8") return new TextEncoder().encode(text);
  if (SINGLE_BYTE.test(encoding)) {
    const table = singleByteTable(encoding);
    return Uint8Array.from(text, (ch) => table.get(ch) ?? 0x3f);
  }
  // A writer that did not load the encoders first is a bug of framecat's.
  if (iconv === undefined) {
    throw new Error(`iconv-lite is not loaded: call loadEncoders() for ${encoding}`);
  }
  const bytes = iconv.encode(text, encoding);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Encodes text the user gave (`--send`, a typed line, the page's send box, a rule's words): a
 * character `encoding` cannot hold is refused, naming it, never sent as `?` (`中` in latin1, an
 * emoji in gbk). Undefined: every character is written as it is.
 */
export function encodeGiven(text: string, encoding = "utf-8"): Uint8Array {
  const bytes = encodeText(text, encoding);
  if (encoding === "utf-8") return bytes;
  const lost = unwritten(text, bytes, encoding);
  if (lost !== undefined) {
    const code = `U+${lost.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    throw new UsageError(said("encoding.unwritable", { ch: lost, code, encoding }));
  }
  return bytes;
}

/** The first character of `text` that `bytes` (its encoding) do not give back, if any. */
function unwritten(text: string, bytes: Uint8Array, encoding: string): string | undefined {
  const back = (b: Uint8Array) => new TextDecoder(encoding).decode(b);
  if (back(bytes) === text) return undefined;
  for (const ch of text) {
    if (back(encodeText(ch, encoding)) !== ch) return ch;
  }
  return undefined;
}

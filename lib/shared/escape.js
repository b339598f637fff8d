// @ts-check
/**
 * Bytes as readable, escaped text: the same in the terminal and in the web
 * page, which loads this very file (GET /shared/escape.js). Text where the
 * bytes decode in the encoding, `\xHH` for each byte that does not.
 * Plain JavaScript with JSDoc types, so the browser runs it as it is and
 * `deno check` checks it.
 */

/** Bytes (and about as many characters) shown before the rest is summarised as "(+N B)" (a unit, not a word: the same in English and Chinese). */
export const TEXT_LIMIT = 256;

/** @type {Record<number, string>} */
const NAMED = {
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x5c: "\\\\",
  0x22: '\\"',
};
/** @param {number} b */
const hex = (b) => `\\x${b.toString(16).padStart(2, "0")}`;

/**
 * How each byte value is shown when the data is not text: printable ASCII as
 * itself, the rest escaped. Built once; escaping runs for every event shown.
 * @type {string[]}
 */
const BYTE_SHOWN = Array.from(
  { length: 256 },
  (_, b) => NAMED[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : hex(b)),
);

/**
 * Escapes for the characters of decoded text that need one (controls, `\\`, `"`); else undefined.
 * @type {(string | undefined)[]}
 */
const CHAR_ESCAPE = Array.from(
  { length: 128 },
  (_, c) => (c < 0x20 || c === 0x7f || c === 0x5c || c === 0x22 ? BYTE_SHOWN[c] : undefined),
);

/**
 * One fatal decoder per encoding: making one costs more than decoding a short
 * message. A memo, not state: every call leaves its decoder as it found it
 * (a decode without `stream` starts afresh, and a streaming one is flushed
 * before returning), so no call sees another's bytes, whichever run made it.
 * @type {Map<string, TextDecoder>}
 */
const decoders = new Map();

/**
 * Decodes bytes in `encoding`, or undefined when they are not valid text in it.
 * @param {Uint8Array} data
 * @param {string} encoding
 * @param {boolean} [stream] a character cut by the end is not bad bytes
 * @returns {string | undefined}
 */
export function decodeText(data, encoding, stream = false) {
  let decoder = decoders.get(encoding);
  if (!decoder) decoders.set(encoding, decoder = new TextDecoder(encoding, { fatal: true }));
  /** @type {string | undefined} */
  let text;
  try {
    text = decoder.decode(data, { stream });
  } catch {
    text = undefined;
  }
  // A streaming decode keeps a cut character pending: drop it so the next call starts clean.
  if (stream) {
    try {
      decoder.decode();
    } catch { /* the pending bytes were an incomplete character: dropped */ }
  }
  return text;
}

/**
 * One-line, quoted, escaped rendering of bytes: text when it decodes in
 * `encoding`, `\xNN` for bytes that do not. At most `limit` bytes are shown
 * and the rendering stays within about `limit` characters (a `\x00` takes
 * four), then the count of bytes left out follows.
 * @param {Uint8Array} data
 * @param {string} encoding
 * @param {number} [limit]
 * @returns {string}
 */
export function escapeBytes(data, encoding, limit = TEXT_LIMIT) {
  const { body, used } = escapeShown(data, encoding, limit);
  return used < data.length ? `"${body}"… (+${data.length - used} B)` : `"${body}"`;
}

/**
 * The escaped text of the first bytes of `data` (unquoted), and how many it
 * shows: the page puts the rest behind a button. UTF-8 stops within `limit`
 * characters, other encodings within `limit` bytes.
 * @param {Uint8Array} data
 * @param {string} encoding
 * @param {number} [limit]
 * @returns {Shown}
 */
export function escapeShown(data, encoding, limit = TEXT_LIMIT) {
  return encoding === "utf-8" ? escapeUtf8(data, limit) : escapeLegacy(data, encoding, limit);
}

/**
 * The escaped text, and how many bytes of the data it shows.
 * @typedef {{ body: string; used: number }} Shown
 */

/**
 * UTF-8, character by character: a stray byte (a length prefix, a character
 * cut at a read boundary) is escaped alone and the text around it stays
 * readable. Data that is mostly not UTF-8 (compressed, random) is escaped
 * byte by byte instead of being shown as a scatter of unrelated letters.
 * @param {Uint8Array} data
 * @param {number} limit
 * @returns {Shown}
 */
function escapeUtf8(data, limit) {
  let body = "";
  let used = 0;
  let invalid = 0;
  for (let cost = 0; used < data.length;) {
    // A run of characters shown as themselves is added in one piece: a read event's line is
    // mostly such a run, and a string a character costs an allocation each.
    const run = plainRun(data, used, Math.min(data.length, used + limit - cost));
    if (run > used) {
      body += ASCII.decode(data.subarray(used, run));
      cost += run - used;
      used = run;
      continue;
    }
    const n = utf8Length(data, used);
    const size = Math.max(n, 1);
    const unit = n > 1 ? utf8Char(data, used, n) : BYTE_SHOWN[data[used]];
    cost += Math.max(size, unit.length);
    if (cost > limit) break;
    if (n === 0) invalid++;
    body += unit;
    used += size;
  }
  return invalid * 4 > used ? escapeRaw(data, limit) : { body, used };
}

/** Decodes the runs of printable ASCII (UTF-8's decoder: the runtime's fastest). */
const ASCII = new TextDecoder();

/**
 * Where the printable ASCII that stands for itself (no `\\`, no `"`) starting at `from` ends,
 * at `end` at the latest.
 * @param {Uint8Array} data
 * @param {number} from
 * @param {number} end
 */
function plainRun(data, from, end) {
  let i = from;
  while (i < end) {
    const b = data[i];
    if (b < 0x20 || b > 0x7e || b === 0x5c || b === 0x22) break;
    i++;
  }
  return i;
}

/**
 * Length of the valid, printable UTF-8 character at `i` (1 for ASCII), or 0.
 * @param {Uint8Array} data
 * @param {number} i
 */
function utf8Length(data, i) {
  const b = data[i];
  if (b < 0x80) return 1;
  /** @param {number} k */
  const cont = (k) => i + k < data.length && (data[i + k] & 0xc0) === 0x80;
  let n;
  let second = [0x80, 0xbf];
  if (b >= 0xc2 && b <= 0xdf) n = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    if (b === 0xe0) second = [0xa0, 0xbf]; // no overlong forms
    if (b === 0xed) second = [0x80, 0x9f]; // no surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    if (b === 0xf0) second = [0x90, 0xbf];
    if (b === 0xf4) second = [0x80, 0x8f];
  } else return 0;
  const b1 = data[i + 1];
  if (!(b1 >= second[0] && b1 <= second[1])) return 0;
  for (let k = 2; k < n; k++) if (!cont(k)) return 0;
  // C1 controls (U+0080–U+009F) can drive a terminal: shown as bytes.
  if (b === 0xc2 && b1 < 0xa0) return 0;
  return n;
}

/**
 * The character of `n` valid UTF-8 bytes at `i`, escaped when a terminal must not see it.
 * @param {Uint8Array} data
 * @param {number} i
 * @param {number} n
 */
function utf8Char(data, i, n) {
  let cp = data[i] & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) cp = (cp << 6) | (data[i + k] & 0x3f);
  // Bidirectional overrides, zero-width and other invisible format characters.
  if (INVISIBLE.test(String.fromCodePoint(cp))) {
    return Array.from(data.subarray(i, i + n), (b) => BYTE_SHOWN[b]).join("");
  }
  return String.fromCodePoint(cp);
}

const INVISIBLE = /^[\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]$/u;

/**
 * Other encodings: text when the shown bytes decode, else byte by byte.
 * @param {Uint8Array} data
 * @param {string} encoding
 * @param {number} limit
 * @returns {Shown}
 */
function escapeLegacy(data, encoding, limit) {
  const end = Math.min(data.length, limit);
  const text = decodeText(data.subarray(0, end), encoding, end < data.length);
  return text !== undefined ? { body: escapeText(text), used: end } : escapeRaw(data, limit);
}

/** @param {string} text */
function escapeText(text) {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const escaped = code < 0x80 ? CHAR_ESCAPE[code] : undefined;
    if (escaped !== undefined) {
      out += text.slice(from, i) + escaped;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/**
 * Byte by byte, within `limit` bytes and about `limit` characters.
 * @param {Uint8Array} data
 * @param {number} limit
 * @returns {Shown}
 */
function escapeRaw(data, limit) {
  let body = "";
  let used = 0;
  for (let cost = 0; used < data.length; used++) {
    const unit = BYTE_SHOWN[data[used]];
    cost += unit.length;
    if (cost > limit) break;
    body += unit;
  }
  return { body, used };
}

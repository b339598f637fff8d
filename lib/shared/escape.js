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
 * shows: the page puts the rest behind a button. It stops within about
 * `limit` characters and `limit` bytes.
 * @param {Uint8Array} data
 * @param {string} encoding
 * @param {number} [limit]
 * @returns {Shown}
 */
export function escapeShown(data, encoding, limit = TEXT_LIMIT) {
  if (encoding === "utf-8") return escapeChars(data, limit, UTF8);
  return plainText(data, encoding, limit) ?? escapeChars(data, limit, legacy(encoding));
}

/**
 * The escaped text, and how many bytes of the data it shows.
 * @typedef {{ body: string; used: number }} Shown
 */

/**
 * How an encoding's characters are read from bytes.
 * @typedef {object} Reading
 * @property {(data: Uint8Array, from: number, end: number) => number} run where the text shown as it is (nothing to escape) that starts at `from` ends, at `end` at the latest
 * @property {(data: Uint8Array, from: number, to: number) => string} text the text of such a run
 * @property {(data: Uint8Array, i: number) => number} length of the valid character at `i`, or 0
 * @property {(data: Uint8Array, i: number, n: number) => string} shown the `n` bytes of that character, escaped as needed
 * @property {number} bad the bytes escaped together where no character is: one, or UTF-16's code unit of two (escaping one alone would read every character after it askew)
 */

/**
 * Character by character, in every encoding: a stray byte (a length prefix,
 * a character cut at a read boundary) is escaped alone and the text around it
 * stays readable. Data that is mostly not text (compressed, random) is
 * escaped byte by byte instead of being shown as a scatter of unrelated letters.
 * @param {Uint8Array} data
 * @param {number} limit
 * @param {Reading} reading
 * @returns {Shown}
 */
function escapeChars(data, limit, reading) {
  let body = "";
  let used = 0;
  let invalid = 0;
  for (let cost = 0; used < data.length;) {
    // A run of characters shown as themselves is added in one piece: a read event's line is
    // mostly such a run, and a string a character costs an allocation each. No character is
    // longer as text than as bytes, so the run's bytes are its cost.
    const run = reading.run(data, used, Math.min(data.length, used + limit - cost));
    if (run > used) {
      body += reading.text(data, used, run);
      cost += run - used;
      used = run;
      continue;
    }
    const n = reading.length(data, used);
    const size = n > 0 ? n : Math.min(reading.bad, data.length - used);
    const unit = n > 0
      ? reading.shown(data, used, n)
      : size === 1
      ? HEX[data[used]]
      : hexBytes(data.subarray(used, used + size));
    cost += Math.max(size, unit.length);
    if (cost > limit) break;
    // A character cut by the read's start or end is not a sign of binary data: the bad unit at
    // either edge does not count (a 3-byte read of gbk's "你" and half of "好" is text).
    if (n === 0 && used > 0 && used + size < data.length) invalid += size;
    body += unit;
    used += size;
  }
  return invalid * 4 > used ? escapeRaw(data, limit) : { body, used };
}

/** UTF-8, read by its own rules: no decoder call a character. @type {Reading} */
const UTF8 = {
  run: plainRun,
  text: (data, from, to) => ASCII.decode(data.subarray(from, to)),
  length: utf8Length,
  shown: (data, i, n) => (n > 1 ? utf8Char(data, i, n) : BYTE_SHOWN[data[i]]),
  bad: 1,
};

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
  const ch = String.fromCodePoint(cp);
  return ONE_SHOWN_AS_BYTES.test(ch) ? hexBytes(data.subarray(i, i + n)) : ch;
}

/**
 * What text shows as its bytes, in every encoding: bidirectional overrides, zero-width and
 * other invisible format characters, and the C1 controls (U+0080–U+009F, which can drive a
 * terminal; UTF-8's never get this far). C0 controls have escapes of their own.
 */
const SHOWN_AS_BYTES = /[\u0080-\u009f\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/**
 * SHOWN_AS_BYTES for a string of one character, anchored: it stops after that character
 * rather than search on (a test for every character of UTF-8 text shown).
 */
const ONE_SHOWN_AS_BYTES = new RegExp(`^${SHOWN_AS_BYTES.source}$`, "u");

/** What text shown as it is has none of: what is escaped, and U+FFFD (bad bytes, mostly). */
// deno-lint-ignore no-control-regex
const NOT_PLAIN = /[\u0000-\u001f"\\\u007f-\u009f\ufffd\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/** Each byte value as `\xHH`. */
const HEX = Array.from({ length: 256 }, (_, b) => hex(b));

/**
 * Every byte as `\xHH`, printable or not: the bytes of one character (gb18030's
 * zero-width space is `\x81\x36\xa4\x37`) or of one bad code unit, not letters of their own.
 * @param {Uint8Array} bytes
 */
function hexBytes(bytes) {
  let shown = "";
  for (const b of bytes) shown += HEX[b];
  return shown;
}

/** The longest character of any encoding framecat reads: gb18030's, and UTF-16's pairs. */
const LONGEST_CHAR = 4;

/**
 * Whether each byte alone is a character (its text), starts a longer one
 * (LEAD), or is not text (undefined).
 * @typedef {(string | typeof LEAD | undefined)[]} OneByte
 */
const LEAD = null;

/** Bytes of a run of plain characters above which one decode costs less than joining them. */
const SHORT_RUN = 32;

/** What two bytes that start with a lead byte are (0: not yet asked of the decoder). */
const PAIR_PLAIN = 1; // a character shown as it is
const PAIR_OTHER = 2; // a character escaped, or shown as its bytes
const PAIR_LONGER = 3; // the start of a longer character (gb18030's four bytes, UTF-16's pairs)
const PAIR_BAD = 4; // not text

/**
 * An encoding's decoders, and what its bytes are, learnt once. `pairKind` and `pairShown` are
 * indexed by `lead << 8 | next` and filled as pairs are met: a pair is asked of the decoder
 * once, not at every character (a decode costs far more than a look-up).
 * @typedef {object} LegacyCodec
 * @property {TextDecoder} lenient
 * @property {TextDecoder} strict
 * @property {OneByte} oneByte
 * @property {boolean[]} plainOne the bytes that alone are characters shown as they are
 * @property {(string | undefined)[]} oneShown how a byte that alone is a character is shown
 * @property {Uint8Array} pairKind
 * @property {(string | undefined)[]} pairShown how a pair that is a character is shown
 */

/**
 * Memos, not state: what an encoding's bytes are is the same for every call. Every call
 * leaves the decoders as it found them, as `decoders` above.
 * @type {Map<string, LegacyCodec>}
 */
const legacyCodecs = new Map();

/**
 * The decoders of another encoding. They keep a byte order mark as the character U+FEFF
 * (escaped, as UTF-8's is), so no byte goes unshown.
 * @param {string} encoding
 * @returns {LegacyCodec}
 */
function legacyCodec(encoding) {
  let codec = legacyCodecs.get(encoding);
  if (codec) return codec;
  const lenient = new TextDecoder(encoding, { ignoreBOM: true });
  const strict = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  /** @type {OneByte} */
  const oneByte = Array.from({ length: 256 }, (_, b) => {
    const text = strictStart(strict, Uint8Array.of(b));
    return text === "" ? LEAD : text;
  });
  // The bytes that are characters shown as they are: runs of them need no decoding to find.
  const plainOne = oneByte.map((one) => typeof one === "string" && !NOT_PLAIN.test(one));
  const oneShown = oneByte.map((one, b) =>
    typeof one === "string" ? shownChar(one, Uint8Array.of(b)) : undefined
  );
  // Pairs only in an encoding of more than one byte a character: one-byte ones have no lead.
  const pairs = oneByte.includes(LEAD) ? 65536 : 0;
  codec = {
    lenient,
    strict,
    oneByte,
    plainOne,
    oneShown,
    pairKind: new Uint8Array(pairs),
    pairShown: new Array(pairs),
  };
  legacyCodecs.set(encoding, codec);
  return codec;
}

/**
 * What `bytes` decode to so far, a character they start left pending ("" when that is all
 * they are); undefined when they are not text. The decoder is left clean.
 * @param {TextDecoder} strict
 * @param {Uint8Array} bytes
 * @returns {string | undefined}
 */
function strictStart(strict, bytes) {
  try {
    return strict.decode(bytes, { stream: true });
  } catch {
    return undefined;
  } finally {
    try {
      strict.decode();
    } catch { /* a character started and not ended: dropped */ }
  }
}

/**
 * What the pair `lead`, `next` is (PAIR_…), asked of the decoder the first time it is met.
 * @param {LegacyCodec} codec
 * @param {number} lead
 * @param {number} next
 */
function pairKind(codec, lead, next) {
  const at = (lead << 8) | next;
  const known = codec.pairKind[at];
  if (known !== 0) return known;
  const bytes = Uint8Array.of(lead, next);
  /** @type {string | undefined} */
  let text = codec.lenient.decode(bytes);
  // One U+FFFD: bad bytes (undefined), a longer character cut short (""), or that character.
  if (text === "\ufffd") text = strictStart(codec.strict, bytes);
  let kind = PAIR_BAD;
  if (text === "") kind = PAIR_LONGER;
  else if (text !== undefined && (text === "\ufffd" || !text.includes("\ufffd"))) {
    kind = NOT_PLAIN.test(text) ? PAIR_OTHER : PAIR_PLAIN;
    codec.pairShown[at] = shownChar(text, bytes);
  }
  codec.pairKind[at] = kind;
  return kind;
}

/**
 * A character as it is shown: as its bytes when a terminal must not see it, else its text
 * escaped.
 * @param {string} text
 * @param {Uint8Array} bytes
 */
function shownChar(text, bytes) {
  return SHOWN_AS_BYTES.test(text) ? hexBytes(bytes) : escapeText(text);
}

/**
 * The whole of what is shown, when it decodes and needs nothing shown as bytes: one decode,
 * where reading character by character costs a few a character. Else undefined.
 * @param {Uint8Array} data
 * @param {string} encoding
 * @param {number} limit
 * @returns {Shown | undefined}
 */
function plainText(data, encoding, limit) {
  const end = Math.min(data.length, limit);
  // A character cut by the limit does not decode: the reading below leaves it out whole.
  const text = legacyCodec(encoding).lenient.decode(data.subarray(0, end));
  if (text.includes("\ufffd") || SHOWN_AS_BYTES.test(text)) return undefined;
  const body = escapeText(text);
  return body.length <= limit ? { body, used: end } : undefined;
}

/**
 * Another encoding, read by its own decoder. A character is the fewest bytes
 * that decode to text with no bad bytes: one byte and two are looked up in
 * what the decoder said of them before (pairKind), longer ones asked of it.
 * A lenient decoder says so without throwing (an exception costs more than a
 * decode), and only bytes that read as one U+FFFD are asked of the strict
 * one, since gb18030 (in four bytes) and UTF-16 (in two) have that character too.
 * @param {string} encoding
 * @returns {Reading}
 */
function legacy(encoding) {
  const codec = legacyCodec(encoding);
  const { lenient, strict, oneByte, plainOne, oneShown, pairShown } = codec;
  /** @param {Uint8Array} bytes */
  const valid = (bytes) => {
    const text = lenient.decode(bytes);
    if (text !== "\ufffd") return text !== "" && !text.includes("\ufffd");
    return strictStart(strict, bytes) === "\ufffd";
  };
  return {
    run(data, from, end) {
      let i = from;
      for (;;) {
        while (i < end && plainOne[data[i]]) i++;
        // A pair that is a plain character goes on with the run; anything else ends it.
        if (i + 1 >= end || oneByte[data[i]] !== LEAD) return i;
        if (pairKind(codec, data[i], data[i + 1]) !== PAIR_PLAIN) return i;
        i += 2;
      }
    },
    text(data, from, to) {
      // A long run in one decode; a short one joined from its characters as they are shown
      // (plain: as their text), which costs less than a call to the decoder.
      if (to - from > SHORT_RUN) return lenient.decode(data.subarray(from, to));
      let text = "";
      for (let i = from; i < to;) {
        if (plainOne[data[i]]) text += oneShown[data[i++]];
        else text += pairShown[(data[i++] << 8) | data[i++]];
      }
      return text;
    },
    length(data, i) {
      const one = oneByte[data[i]];
      if (one !== LEAD) return one === undefined ? 0 : 1;
      if (i + 1 >= data.length) return 0;
      const kind = pairKind(codec, data[i], data[i + 1]);
      if (kind !== PAIR_LONGER) return kind === PAIR_BAD ? 0 : 2;
      const most = Math.min(LONGEST_CHAR, data.length - i);
      for (let n = 3; n <= most; n++) if (valid(data.subarray(i, i + n))) return n;
      return 0;
    },
    shown(data, i, n) {
      if (n === 1) return String(oneShown[data[i]]);
      if (n === 2) return String(pairShown[(data[i] << 8) | data[i + 1]]);
      const bytes = data.subarray(i, i + n);
      return shownChar(lenient.decode(bytes), bytes);
    },
    bad: encoding.startsWith("utf-16") ? 2 : 1,
  };
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

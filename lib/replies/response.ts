/**
 * The RESPONSE of a reply rule: text (with the `-e` escapes, encoded in the
 * encoding) or `hex:…`, holding placeholders filled at each answer:
 *
 * - `$0` the whole message, `$1`…`$9` the pattern's captures (regex groups,
 *   hex `??` and `*`), as the bytes they matched; `$$` is a `$`;
 * - `{counter}` how many times the rule has answered, this time included;
 * - `{peer}` the peer's `HOST:PORT`;
 * - `{time:STRFTIME}` the local time (Python's strftime, as the `time`
 *   behaviour formats it); `{time}` is `%Y-%m-%d %X`.
 *
 * Anything else is itself (a JSON `{"ok":true}` needs no escaping). In a hex
 * response the text between placeholders is hex, and a placeholder that is
 * text (`{peer}`, `{counter}`, `{time}`) goes as its text in the encoding.
 */
import { concatBytes } from "../bytes.ts";
import { SaidRangeError, UsageError } from "../errors.ts";
import { encodeText } from "../notation/text_encoding.ts";
import { unescapeText } from "../notation/escapes.ts";
import { parseHex } from "../notation/hex.ts";
import { formatTime } from "../notation/time_format.ts";
import { said } from "../i18n/say.ts";

/** What an answer is made from. */
export interface Answer {
  /** `[$0, $1, …]` from the pattern's match. */
  captures: Uint8Array[];
  counter: number;
  peer: string;
  now: Date;
}

/** A checked response, ready to fill. */
export interface Response {
  readonly source: string;
  /** The bytes of one answer, at most `maxBytes` (a RangeError says when it would be more). */
  fill(answer: Answer, maxBytes: number): Uint8Array;
}

type Piece =
  | { bytes: Uint8Array }
  | { capture: number }
  | { counter: true }
  | { peer: true }
  | { time: string };

const PLACEHOLDER = /\$(\d)|\$\$|\{counter\}|\{peer\}|\{time(?::([^}]*))?\}/g;

/**
 * Reads a response. `captures` is how many the pattern gives: a `$N` past
 * them is refused here, not left to fail at the first message.
 */
export function parseResponse(source: string, captures: number, encoding = "utf-8"): Response {
  const hex = source.startsWith("hex:");
  const body = hex ? source.slice(4) : source.startsWith("text:") ? source.slice(5) : source;
  const literal = (text: string) => ({
    bytes: hex ? parseHex(text) : unescapeText(text, encoding),
  });
  const pieces: Piece[] = [];
  let at = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    pieces.push(literal(body.slice(at, m.index)));
    at = m.index + m[0].length;
    const [written, digit, time] = m;
    if (digit !== undefined) {
      if (Number(digit) > captures) {
        throw new UsageError(
          captures === 0
            ? said("response.captures_none", { written, source })
            : said("response.captures", { written, source, captures }),
        );
      }
      pieces.push({ capture: Number(digit) });
    } else if (written === "$$") {
      if (hex) throw new UsageError(said("response.hex_dollar", { source }));
      pieces.push({ bytes: encodeText("$", encoding) });
    } else if (written === "{counter}") pieces.push({ counter: true });
    else if (written === "{peer}") pieces.push({ peer: true });
    else pieces.push({ time: time ?? "" });
  }
  pieces.push(literal(body.slice(at)));
  return {
    source,
    fill(answer, maxBytes) {
      const parts = pieces.map((piece): Uint8Array => {
        if ("bytes" in piece) return piece.bytes;
        if ("capture" in piece) return answer.captures[piece.capture] ?? new Uint8Array(0);
        if ("counter" in piece) return encodeText(String(answer.counter), encoding);
        if ("peer" in piece) return encodeText(answer.peer, encoding);
        return encodeText(formatTime(piece.time, answer.now, maxBytes), encoding);
      });
      const size = parts.reduce((n, part) => n + part.length, 0);
      if (size > maxBytes) {
        throw new SaidRangeError(said("reply.answer_too_large", { size, max: maxBytes }));
      }
      return concatBytes(parts);
    },
  };
}

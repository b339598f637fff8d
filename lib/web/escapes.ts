/** The send box's escapes: `\r`, `\n`, `\t`, `\0`, `\\` and `\xHH`, as `-e` reads them. */
import { UsageError } from "../errors.ts";

const SIMPLE: Record<string, string> = { r: "\r", n: "\n", t: "\t", "0": "\0", "\\": "\\" };

/**
 * The bytes of `text` with its escapes replaced: text is encoded by `encode`,
 * `\xHH` is that byte as it is. A `\` followed by anything else is refused.
 */
export function unescapeText(text: string, encode: (text: string) => Uint8Array): Uint8Array {
  const parts: number[] = [];
  let plain = "";
  const flush = () => {
    parts.push(...encode(plain));
    plain = "";
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "\\") {
      plain += text[i];
      continue;
    }
    const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(i + 1, i + 4));
    if (hex) {
      flush();
      parts.push(parseInt(hex[1], 16));
      i += 3;
      continue;
    }
    const simple = SIMPLE[text[i + 1]];
    if (simple === undefined) {
      throw new UsageError(
        `Cannot read the escape "${text.slice(i, i + 2)}": use \\r, \\n, \\t, \\0, \\\\ or \\xHH`,
      );
    }
    plain += simple;
    i++;
  }
  flush();
  return new Uint8Array(parts);
}

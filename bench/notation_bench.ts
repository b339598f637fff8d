/**
 * Hex as the page and `--send-hex` take it: 1 MiB written `41 42 …`, read by
 * framecat's scanner, beside the built-in `Uint8Array.fromHex` reading the
 * same bytes without spaces (the baseline: as fast as hex can be read here).
 *
 *   deno bench --quiet -P bench/notation_bench.ts
 */
import { parseHex } from "../lib/notation/hex.ts";

const BYTES = new Uint8Array(1024 * 1024).map((_, i) => (i * 31 + 7) & 0xff);
const DIGITS = Array.from(BYTES, (b) => b.toString(16).padStart(2, "0"));
const SPACED = DIGITS.join(" ");
const PLAIN = DIGITS.join("");
const fromHex = (Uint8Array as unknown as { fromHex(text: string): Uint8Array }).fromHex;

Deno.bench({
  name: "Uint8Array.fromHex, 1 MiB without spaces",
  group: "hex 1 MiB",
  baseline: true,
  fn: () => {
    if (fromHex(PLAIN).length !== BYTES.length) throw new Error("fromHex");
  },
});
Deno.bench({
  name: "parseHex, 1 MiB as 41 42 …",
  group: "hex 1 MiB",
  fn: () => {
    if (parseHex(SPACED).length !== BYTES.length) throw new Error("parseHex");
  },
});

/**
 * What the user types or pipes in: lines (each a message) or raw chunks
 * (bytes passed through as they come). Lines are read as UTF-8 (what
 * terminals send) and re-encoded in --encoding.
 */
import { encodeText } from "./text_encoding.ts";

/** Longest line kept from stdin: the rest of a longer line is sent as further lines. */
const MAX_LINE = 1024 * 1024;

/** Raw chunks of stdin as they come (pipe mode with raw framing). */
export async function* stdinChunks(): AsyncGenerator<Uint8Array> {
  for await (const chunk of Deno.stdin.readable) yield chunk;
}

/** Lines of stdin without their newline (or `\r\n`), encoded in `encoding`. */
export async function* stdinLines(encoding: string, prompt?: string): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder();
  let pending = "";
  const showPrompt = () => prompt && Deno.stderr.writeSync(new TextEncoder().encode(prompt));
  showPrompt();
  for await (const chunk of Deno.stdin.readable) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0 || pending.length > MAX_LINE) {
      const end = nl >= 0 ? nl : MAX_LINE;
      yield encodeText(pending.slice(0, end).replace(/\r$/, ""), encoding);
      pending = pending.slice(nl >= 0 ? end + 1 : end);
      showPrompt();
    }
  }
  pending += decoder.decode();
  if (pending !== "") yield encodeText(pending, encoding);
}

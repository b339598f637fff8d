/**
 * A file a user names, read whole but bounded. Only a regular file: a device (/dev/zero, whose
 * reads never end) or a FIFO (whose open waits for a writer, and with it every session of the
 * page) is refused before it is opened. Past `max` bytes it is refused without reading further:
 * a file may grow while it is read.
 */
import { concatBytes, firstBadUtf8Byte } from "./bytes.ts";
import { SaidError } from "./errors.ts";
import { said } from "./i18n/say.ts";

/** Bytes read at a time. */
const CHUNK = 64 * 1024;

/** The bytes of `path`; a SaidError when it holds more than `max`. */
export function readFileBounded(path: string, max: number): Uint8Array {
  if (!Deno.statSync(path).isFile) throw new SaidError(said("file.not_regular"));
  using file = Deno.openSync(path);
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const chunk = new Uint8Array(Math.min(CHUNK, max + 1 - total));
    const n = file.readSync(chunk);
    if (n === null) break;
    total += n;
    if (total > max) throw new SaidError(said("file.too_large", { max }));
    chunks.push(chunk.subarray(0, n));
  }
  return concatBytes(chunks);
}

/**
 * The text of `path`, UTF-8, bounded as {@linkcode readFileBounded}. A file that is not UTF-8 (a
 * rules file saved in GBK by an older Notepad) is refused naming its line and byte: read anyway,
 * its Chinese would become U+FFFD and never match.
 */
export function readTextFileBounded(path: string, max: number): string {
  const bytes = readFileBounded(path, max);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstBadUtf8Byte(bytes);
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    const byte = `0x${bytes[at].toString(16).padStart(2, "0")}`;
    throw new SaidError(said("file.not_utf8", { line, byte }));
  }
}

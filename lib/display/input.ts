/**
 * What the user types or pipes in: lines (each a message) or raw chunks
 * (bytes passed through as they come). Lines are read as UTF-8 (what
 * terminals send); typed_text.ts makes them bytes. A piped line that is not
 * UTF-8 (a file saved in gbk) is not read at all: made text, its bytes would
 * leave changed (U+FFFD, then `?` in --encoding), so it is handed on as
 * unread, for the command to refuse by its number.
 */
import { LineEditor } from "./line_edit.ts";
import { concatBytes, firstBadUtf8Byte } from "../bytes.ts";
import { type Said, said } from "../i18n/say.ts";
import type { Prompt } from "./prompt.ts";
import type { Terminal } from "./terminal.ts";

/**
 * Longest line read from stdin (--max-frame's default): a longer one is refused by its number
 * and skipped to its end, never sent in pieces that the peer would take for several messages.
 */
export const MAX_LINE = 16 * 1024 * 1024;

/** A piped line that could not be read as UTF-8: why, for its refusal. */
export interface UnreadLine {
  unread: Said;
}

const LF = 0x0a;
const CR = 0x0d;

/** Where input comes from: a command's terminal, or none until it is stopped. */
export interface InputFrom {
  /** None (a session the web page started: the page sends to its peers): no input until `signal`. */
  terminal?: Terminal;
  signal: AbortSignal;
}

/** The terminal's stdin; for a run without a terminal, none at all (not even its end) until it stops. */
async function stdin(from: InputFrom): Promise<ReadableStream<Uint8Array> | undefined> {
  if (from.terminal) return from.terminal.stdin?.readable;
  if (!from.signal.aborted) {
    await new Promise((resolve) => from.signal.addEventListener("abort", resolve, { once: true }));
  }
  return undefined;
}

/** Raw chunks of stdin as they come (pipe mode with raw framing). */
export async function* stdinChunks(from: InputFrom): AsyncGenerator<Uint8Array> {
  const readable = await stdin(from);
  if (readable) yield* readable;
}

/**
 * Lines of stdin without their newline (or `\r\n`). With a prompt, it is
 * drawn whenever the next line is awaited, and the line is edited by
 * framecat where the terminal allows it.
 */
export async function* stdinLines(
  from: InputFrom,
  prompt?: Prompt,
  encoding = "utf-8",
): AsyncGenerator<string | UnreadLine> {
  const readable = await stdin(from);
  if (!readable) return;
  try {
    yield* prompt?.editLines()
      ? typedLines(readable, prompt)
      : pipedLines(readable, prompt, encoding);
  } finally {
    prompt?.done();
  }
}

/**
 * Lines as the terminal or a pipe delivers them: the terminal does the editing. Split as bytes,
 * each line read as UTF-8 whole, else in `encoding` (a file saved in gbk, piped with
 * `--encoding gbk`), or handed on unread. A line longer than MAX_LINE is handed on unread too.
 */
async function* pipedLines(
  readable: ReadableStream<Uint8Array>,
  prompt: Prompt | undefined,
  encoding: string,
): AsyncGenerator<string | UnreadLine> {
  /** The line so far (each chunk's newline searched once: a long line costs no more than it is). */
  let parts: Uint8Array[] = [];
  let size = 0;
  /** Inside a line too long to keep: its bytes are dropped up to its newline. */
  let skipping = false;
  const line = (last: Uint8Array): string | UnreadLine => {
    const over = skipping || size + last.length > MAX_LINE;
    const bytes = over ? undefined : concatBytes([...parts, last]);
    parts = [];
    size = 0;
    skipping = false;
    return bytes === undefined ? { unread: tooLong() } : lineOf(bytes, encoding);
  };
  prompt?.ask();
  for await (const chunk of readable) {
    let at = 0;
    for (let nl = chunk.indexOf(LF); nl >= 0; nl = chunk.indexOf(LF, at)) {
      const done = line(chunk.subarray(at, nl));
      at = nl + 1;
      prompt?.entered();
      yield done;
      prompt?.ask();
    }
    const rest = chunk.subarray(at);
    if (skipping || rest.length === 0) continue;
    if (size + rest.length > MAX_LINE) {
      skipping = true;
      parts = [];
      size = 0;
    } else {
      parts.push(rest.slice()); // kept past this chunk: a copy of its own
      size += rest.length;
    }
  }
  if (skipping || size > 0) yield line(new Uint8Array(0));
}

const tooLong = () => said("note.line_too_long", { mib: MAX_LINE / (1024 * 1024) });

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A line's bytes (a `\r` at its end left out) as text, UTF-8 or else in `encoding` (one of a byte
 * a character or an ASCII-based multi-byte one: UTF-16's lines are not split at 0x0a), or unread
 * with the first byte that is not UTF-8.
 */
function lineOf(bytes: Uint8Array, encoding: string): string | UnreadLine {
  const line = bytes.at(-1) === CR ? bytes.subarray(0, -1) : bytes;
  try {
    return STRICT_UTF8.decode(line);
  } catch {
    if (encoding !== "utf-8" && !encoding.startsWith("utf-16")) {
      try {
        return new TextDecoder(encoding, { fatal: true }).decode(line);
      } catch { /* not in that encoding either */ }
    }
    const at = firstBadUtf8Byte(line);
    return {
      unread: said("note.line_not_utf8", {
        byte: `0x${line[at].toString(16).padStart(2, "0")}`,
        at: at + 1,
      }),
    };
  }
}

/** Lines typed key by key (cbreak mode): the prompt shows the line and its cursor as edited. */
async function* typedLines(
  readable: ReadableStream<Uint8Array>,
  prompt: Prompt,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const editor = new LineEditor(MAX_LINE);
  prompt.ask();
  for await (const chunk of readable) {
    const edited = editor.keys(decoder.decode(chunk, { stream: true }));
    for (const done of edited.lines) {
      prompt.edit(done); // the cursor to its end, so the newline goes below all of it
      prompt.entered();
      yield done;
      prompt.ask();
    }
    if (edited.eof) return;
    prompt.edit(editor.line, editor.beforeCursor);
  }
}

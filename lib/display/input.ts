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

/** Longest line kept from stdin: the rest of a longer line is sent as further lines. */
const MAX_LINE = 1024 * 1024;

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
): AsyncGenerator<string | UnreadLine> {
  const readable = await stdin(from);
  if (!readable) return;
  try {
    yield* prompt?.editLines() ? typedLines(readable, prompt) : pipedLines(readable, prompt);
  } finally {
    prompt?.done();
  }
}

/**
 * Lines as the terminal or a pipe delivers them: the terminal does the editing. Split as bytes,
 * each line read as UTF-8 whole, or handed on unread.
 */
async function* pipedLines(
  readable: ReadableStream<Uint8Array>,
  prompt?: Prompt,
): AsyncGenerator<string | UnreadLine> {
  let pending: Uint8Array = new Uint8Array(0);
  prompt?.ask();
  for await (const chunk of readable) {
    pending = pending.length === 0 ? chunk : concatBytes([pending, chunk]);
    let start = 0;
    while (true) {
      const nl = pending.indexOf(LF, start);
      const whole = nl >= 0 && nl - start <= MAX_LINE;
      if (!whole && pending.length - start <= MAX_LINE) break;
      // A line longer than MAX_LINE goes in pieces, each cut before a character, not inside one.
      const end = whole ? nl : characterStart(pending, start + MAX_LINE);
      prompt?.entered();
      yield lineOf(pending.subarray(start, end), whole);
      start = whole ? end + 1 : end;
      prompt?.ask();
    }
    pending = pending.slice(start);
  }
  if (pending.length > 0) yield lineOf(pending, false);
}

/** The first byte at or before `at` that begins a UTF-8 character (never one of its continuations). */
function characterStart(bytes: Uint8Array, at: number): number {
  let i = at;
  while (i > at - 3 && (bytes[i] & 0xc0) === 0x80) i--;
  return i;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** A line's bytes (a `\r` before its newline left out) as text, or unread with the first bad byte. */
function lineOf(bytes: Uint8Array, ended: boolean): string | UnreadLine {
  const line = ended && bytes.at(-1) === CR ? bytes.subarray(0, -1) : bytes;
  try {
    return STRICT_UTF8.decode(line);
  } catch {
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

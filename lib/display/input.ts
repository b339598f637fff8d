/**
 * What the user types or pipes in: lines (each a message) or raw chunks
 * (bytes passed through as they come). Lines are read as UTF-8 (what
 * terminals send); typed_text.ts makes them bytes.
 */
import { LineEditor } from "./line_edit.ts";
import type { Prompt } from "./prompt.ts";
import type { Terminal } from "./terminal.ts";

/** Longest line kept from stdin: the rest of a longer line is sent as further lines. */
const MAX_LINE = 1024 * 1024;

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
export async function* stdinLines(from: InputFrom, prompt?: Prompt): AsyncGenerator<string> {
  const readable = await stdin(from);
  if (!readable) return;
  try {
    yield* prompt?.editLines() ? typedLines(readable, prompt) : pipedLines(readable, prompt);
  } finally {
    prompt?.done();
  }
}

/** Lines as the terminal or a pipe delivers them: the terminal does the editing. */
async function* pipedLines(
  readable: ReadableStream<Uint8Array>,
  prompt?: Prompt,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  prompt?.ask();
  for await (const chunk of readable) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0 || pending.length > MAX_LINE) {
      const end = nl >= 0 ? nl : MAX_LINE;
      prompt?.entered();
      yield pending.slice(0, end).replace(/\r$/, "");
      pending = pending.slice(nl >= 0 ? end + 1 : end);
      prompt?.ask();
    }
  }
  pending += decoder.decode();
  if (pending !== "") yield pending;
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

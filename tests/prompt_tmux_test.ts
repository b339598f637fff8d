/**
 * The interactive prompt on a real terminal (tmux): keys are sent as a
 * person types them, the screen is read back as a person sees it, and a
 * real server reads the lines. Every wait is for something to appear,
 * bounded by a generous deadline, never a sleep.
 */
import assert from "node:assert/strict";
import { framecatArgs } from "./helpers/cli.ts";
import { output } from "./helpers/process.ts";
import { displayWidth } from "../lib/display/width.ts";

const DEADLINE_MS = 20_000;

/** A tmux server of our own (its own socket), killed on dispose. */
class Terminal implements AsyncDisposable {
  readonly socket = `fc11-${crypto.randomUUID().slice(0, 8)}`;

  async start(command: string[], columns = 100): Promise<void> {
    const line = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    await this.tmux("new-session", "-d", "-x", `${columns}`, "-y", "20", line);
  }

  tmux(...args: string[]): Promise<Uint8Array> {
    return output("tmux", ["-u", "-L", this.socket, ...args], {
      env: { LANG: "C.UTF-8", LC_ALL: "C.UTF-8" },
    });
  }

  /** Keys as tmux names them (`Left`, `Home`, `Enter`), or literal text with `-l`. */
  async keys(...keys: string[]): Promise<void> {
    await this.tmux("send-keys", ...keys);
  }

  async type(text: string): Promise<void> {
    await this.tmux("send-keys", "-l", text);
  }

  async screen(): Promise<string[]> {
    const text = new TextDecoder().decode(await this.tmux("capture-pane", "-p"));
    return text.split("\n").map((row) => row.trimEnd());
  }

  /** Waits until `check` holds for the screen; fails with the screen if it never does. */
  async until(what: string, check: (rows: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + DEADLINE_MS;
    while (true) {
      const rows = await this.screen();
      if (check(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`never saw ${what}:\n${rows.join("\n")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until the terminal's cursor is in `column` (from 0). */
  async untilCursor(column: number): Promise<void> {
    const deadline = Date.now() + DEADLINE_MS;
    while (await this.cursorColumn() !== column) {
      if (Date.now() > deadline) throw new Error(`the cursor never reached column ${column}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The column the terminal's cursor is in, from 0. */
  async cursorColumn(): Promise<number> {
    return Number(new TextDecoder().decode(await this.tmux("display", "-p", "#{cursor_x}")));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.tmux("kill-server").catch(() => {});
  }
}

/** The lines a connection sends, one by one, each within the deadline. */
class LineReader {
  #buffered = "";
  readonly #decoder = new TextDecoder();
  readonly #buf = new Uint8Array(4096);

  constructor(readonly conn: Deno.Conn) {}

  async next(): Promise<string> {
    const timer = setTimeout(() => this.conn.close(), DEADLINE_MS);
    try {
      while (!this.#buffered.includes("\n")) {
        const n = await this.conn.read(this.#buf);
        if (n === null) throw new Error(`connection ended; held: ${this.#buffered}`);
        this.#buffered += this.#decoder.decode(this.#buf.subarray(0, n), { stream: true });
      }
    } finally {
      clearTimeout(timer);
    }
    const nl = this.#buffered.indexOf("\n");
    const line = this.#buffered.slice(0, nl);
    this.#buffered = this.#buffered.slice(nl + 1);
    return line;
  }
}

const lastRow = (rows: string[]) => rows.filter((r) => r !== "").at(-1) ?? "";

/**
 * `framecat connect` with `args` on a terminal `columns` wide, to a listener of the test's own,
 * once its prompt is drawn: the terminal, the server's side of the connection and its lines.
 */
async function atPrompt(args: string[], columns = 100) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const term = new Terminal();
  await term.start([
    Deno.execPath(),
    ...framecatArgs(["connect", `127.0.0.1:${listener.addr.port}`, ...args]),
  ], columns);
  const conn = await listener.accept();
  await term.until("the prompt", (rows) => lastRow(rows) === ">>>");
  return {
    term,
    conn,
    lines: new LineReader(conn),
    async [Symbol.asyncDispose]() {
      for (const closable of [conn, listener]) {
        try {
          closable.close();
        } catch { /* closed by a reader's deadline */ }
      }
      await term[Symbol.asyncDispose]();
    },
  };
}

/**
 * A message from the peer (`conn`) while a line is half typed at the prompt: drawn above it, the
 * typing kept below and then sent whole (read back by `lines`).
 */
async function messageWhileTyping(term: Terminal, conn: Deno.Conn, lines: LineReader) {
  await term.type("half typ");
  await term.until("the half-typed line", (rows) => lastRow(rows) === ">>> half typ");
  await conn.write(new TextEncoder().encode("news from the peer\n"));
  // Drawn in three writes (erase, message, prompt): wait for the screen to settle on both.
  const rows = await term.until(
    "the message above the half-typed line",
    (r) => r.some((row) => row.includes("news from the peer")) && lastRow(r) === ">>> half typ",
  );
  const newsRow = rows.findIndex((row) => row.includes("news from the peer"));
  assert.ok(newsRow < rows.lastIndexOf(">>> half typ"), rows.join("\n"));
  await term.type("ed");
  await term.keys("Enter");
  assert.equal(await lines.next(), "half typed");
}

Deno.test("prompt on a terminal: arrows, Home, history, a message mid-line, Chinese", async () => {
  await using session = await atPrompt(["--framing", "line"]);
  const { term, conn, lines } = session;

  // The case: ← three times inside "helo wrld", then o.
  await term.type("helo wrld");
  await term.keys("Left", "Left", "Left");
  await term.type("o");
  await term.keys("Enter");
  assert.equal(await lines.next(), "helo world");

  await term.type("ello");
  await term.keys("Home");
  await term.type("h");
  await term.keys("Enter");
  assert.equal(await lines.next(), "hello");

  // Up brings the last line back; End then more text edits it.
  await term.keys("Up", "End");
  await term.type("!");
  await term.keys("Enter");
  assert.equal(await lines.next(), "hello!");

  // A message arrives while a line is half typed: drawn above, the typing kept below it.
  await messageWhileTyping(term, conn, lines);

  // The cursor mid-line when a message arrives: it comes back to the same place.
  await term.type("ac");
  await term.keys("Left");
  await term.until("the line", (r) => lastRow(r) === ">>> ac");
  await term.untilCursor(">>> a".length);
  await conn.write(new TextEncoder().encode("more news\n"));
  await term.until(
    "the second message above the line",
    (r) => r.some((row) => row.includes("more news")) && lastRow(r) === ">>> ac",
  );
  assert.equal(await term.cursorColumn(), ">>> a".length, "the cursor is back after the a");
  await term.type("b");
  await term.keys("Enter");
  assert.equal(await lines.next(), "abc");

  // Chinese: two columns each on screen, one step for the cursor.
  await term.type("你好");
  await term.keys("Left");
  await term.type("们");
  await term.until("the Chinese line", (r) => lastRow(r) === ">>> 你们好");
  await term.keys("Enter");
  assert.equal(await lines.next(), "你们好");
});

Deno.test("prompt on a terminal: emoji take two columns and an accent none, so the cursor lands where it is", async () => {
  assert.deepEqual(
    ["👍", "e\u0301", "你好👍", "©"].map(displayWidth),
    [2, 1, 6, 1],
    "two for 👍 and 你, none for the accent, one for © (text, not a picture)",
  );
  await using session = await atPrompt(["--framing", "line"]);
  const { term, lines } = session;
  await term.type("👍👍👍");
  await term.keys("Left");
  // ">>> " and two emoji before the cursor: 4 + 2 × 2 columns (it was 6, inside the second).
  await term.untilCursor(8);
  await term.type("好");
  await term.until("the line", (rows) => lastRow(rows) === ">>> 👍👍好👍");
  await term.keys("Enter");
  assert.equal(await lines.next(), "👍👍好👍");
});

Deno.test("prompt on a terminal 40 columns wide: a Chinese character that does not fit a row's end starts the next, and the cursor follows", async () => {
  await using session = await atPrompt(["--framing", "line"], 40);
  const { term, lines } = session;
  // ">>> a" is 5 columns: 17 characters fill it to 39, the 18th starts the next row at 0.
  const chinese = "一二三四五六七八九十".repeat(2);
  await term.type(`a${chinese}`);
  await term.until("the second row", (rows) => lastRow(rows) === "八九十");
  await term.keys("Left");
  // On the last character, the 20th: after the 18th and 19th on the second row (it was one column short).
  await term.untilCursor(4);
  await term.type("X");
  await term.keys("Enter");
  assert.equal(await lines.next(), `a${chinese.slice(0, -1)}X十`);
});

Deno.test("--output raw on a terminal: bytes that end mid-row stay on the screen when the prompt is drawn again", async () => {
  await using session = await atPrompt(["--output", "raw"]);
  const { term, conn } = session;
  const seen = (text: string) => (rows: string[]) => rows.some((row) => row.includes(text));
  // No newline after either: the prompt's redraw erased each, as it erases its own row.
  await conn.write(new TextEncoder().encode("hello"));
  await term.until("hello", seen("hello"));
  await term.type("typing");
  await term.until("the typing", (rows) => lastRow(rows) === ">>> typing");
  await conn.write(new TextEncoder().encode("world"));
  const rows = await term.until(
    "world below hello, the typing below both",
    (r) => seen("world")(r) && lastRow(r) === ">>> typing",
  );
  assert.ok(seen("hello")(rows), rows.join("\n"));
});

Deno.test("--send-file's progress bar fits a narrow pane: shorter in 40 columns, a percentage in 24", async () => {
  const dir = await Deno.makeTempDir({ prefix: "framecat_bar_" });
  const path = `${dir}/big.bin`;
  {
    using file = await Deno.open(path, { write: true, create: true });
    await file.truncate(64 * 1024 * 1024);
  }
  try {
    for (
      const [columns, lang, drawn] of [[40, "zh", /^发送 \[[#-]{5,}\] +\d+% /], [
        24,
        "en",
        /^send +\d+%$/,
      ]] as const
    ) {
      // A receiver that reads slowly, bounded: the file is still going while the screen is read.
      using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      let seen = false;
      const reading = listener.accept().then(async (conn) => {
        const buf = new Uint8Array(64 * 1024);
        for (let i = 0; i < 400 && !seen; i++) {
          if (await conn.read(buf).catch(() => null) === null) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        conn.close();
      }).catch(() => {}); // never connected: the test has failed already, and says why
      await using term = new Terminal();
      const args = [
        "connect",
        `127.0.0.1:${listener.addr.port}`,
        "--send-file",
        path,
        "--lang",
        lang,
      ];
      await term.start([Deno.execPath(), ...framecatArgs(args)], columns);
      const rows = await term.until("the progress line", (rows) => rows.some((r) => drawn.test(r)));
      const bar = rows.find((r) => drawn.test(r))!;
      // One row, whole, and the pane's last column free: a line that wraps cannot be redrawn.
      assert.ok(displayWidth(bar) < columns, `${displayWidth(bar)} columns: ${bar}`);
      if (columns === 40) assert.match(bar, / [KM]iB\/64\.00 MiB$/);
      seen = true;
      await reading;
      await term.tmux("kill-server").catch(() => {});
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve --behavior print on a terminal: a peer's message is printed above the server user's half-typed line, which is then sent whole", async () => {
  await using term = new Terminal();
  await term.start([
    Deno.execPath(),
    ...framecatArgs(["serve", "127.0.0.1:0", "--behavior", "print", "--framing", "line"]),
  ]);
  const address = /Listening on tcp:\/\/127\.0\.0\.1:(\d+)/;
  const listening = await term.until(
    "the listening line and the prompt",
    (rows) => address.test(rows.join("\n")) && lastRow(rows) === ">>>",
  );
  const port = Number(address.exec(listening.join("\n"))![1]);
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const lines = new LineReader(conn);
  await term.until("the peer", (rows) => rows.some((row) => row.includes("connected")));
  await term.until("the prompt below the peer", (rows) => lastRow(rows) === ">>>");
  await messageWhileTyping(term, conn, lines);
});

/**
 * Helpers of the web workspace's tests: a workspace, its API called with the
 * token, its sessions' events watched, and a python len client the test
 * drives step by step. A workspace is `framecat web` on a real socket
 * ({@linkcode Workspace.start}: the page, the gate, WebSockets), or the
 * page's `Request → Response` handler called directly
 * ({@linkcode Workspace.handler}: the API's logic, no socket in between).
 */
import type { Page } from "puppeteer-core";
import { Framecat, type FramecatOptions, type JsonEvent } from "./cli.ts";
import { assertValidEvent } from "./schema.ts";
import { fixture, PYTHON } from "./process.ts";
import { runCommand } from "../../lib/commands/mod.ts";
import { Sessions } from "../../lib/web/sessions.ts";
import { webHandler } from "../../lib/web/server.ts";
import { Gate, newToken } from "../../lib/web/security.ts";

/** The address a handler-only workspace pretends to have: its Host header and its gate's. */
const HANDLER_HOST = "127.0.0.1";
const HANDLER_PORT = 8099;

/** A session's events as the page gets them, batch after batch, flattened. */
export interface Watch {
  readonly events: JsonEvent[];
  /** Resolves once `enough` holds over the events so far (bounded). */
  until(enough: (evs: JsonEvent[]) => boolean): Promise<unknown>;
  close(): void;
}

export class Workspace implements AsyncDisposable {
  private constructor(
    readonly fetch: (req: Request) => Promise<Response>,
    readonly base: string,
    readonly token: string,
    readonly url: string,
    readonly running: Framecat | Sessions,
  ) {}

  /** Starts `framecat web` (plus `args`) and reads its address from the `listening` event. */
  static async start(args: string[] = [], opts: FramecatOptions = {}): Promise<Workspace> {
    const { framecat } = await Framecat.listening(["web", "--output", "json", ...args], opts);
    const ev = framecat.of("listening")[0];
    const url = ev.url as string;
    const base = new URL(url).origin;
    // A connection per call: a pooled one that the server closes as idle (node:http's keep-alive
    // of 5 s) at the moment it is reused fails the call ("connection closed before message
    // completed"), which a browser would retry and fetch does not.
    const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
    const ws = new Workspace(
      (req) => fetch(req, { client }),
      base,
      ev.token as string,
      url,
      framecat,
    );
    ws.#client = client;
    return ws;
  }

  /** The HTTP client of a started workspace, closed with it. */
  #client?: Deno.HttpClient;

  /** The page's handler and its sessions, with no socket: for the API's own logic. */
  static handler(): Workspace {
    const token = newToken();
    const sessions = new Sessions(runCommand);
    const answer = webHandler(new Gate(token, HANDLER_HOST, HANDLER_PORT), sessions);
    const base = `http://${HANDLER_HOST}:${HANDLER_PORT}`;
    return new Workspace(answer, base, token, `${base}/?token=${token}`, sessions);
  }

  /** The `framecat web` behind it (a workspace started with {@linkcode start}). */
  get framecat(): Framecat {
    if (this.running instanceof Framecat) return this.running;
    throw new Error("this workspace is a handler: start it with Workspace.start() for framecat");
  }

  /** Calls the API with the token; resolves to the status and the JSON body. */
  // deno-lint-ignore no-explicit-any
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await this.fetch(
      new Request(this.base + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, host: new URL(this.base).host },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: res.status, body: await res.json() };
  }

  /** Every batch of session `id`'s events, as the page's WebSocket gets them. */
  watch(id: string): Watch {
    const events: JsonEvent[] = [];
    // Each checked against the schema, as every line of --output json a test reads is.
    const take = (text: string) => {
      for (const ev of JSON.parse(text).events) {
        assertValidEvent(ev);
        events.push(ev);
      }
    };
    let close: () => void;
    if (this.running instanceof Sessions) {
      const session = this.running.get(id);
      if (!session) throw new Error(`no session ${id}`);
      close = session.feed.watch({ send: take, bufferedAmount: 0 });
    } else {
      const url = `${
        this.base.replace("http", "ws")
      }/api/sessions/${id}/events?token=${this.token}`;
      const socket = new WebSocket(url);
      socket.onmessage = (m) => take(m.data);
      close = () => socket.close();
    }
    return {
      events,
      until: (enough) => this.until(() => Promise.resolve(enough(events) || undefined)),
      close: () => close(),
    };
  }

  /** Starts a session through the API and waits until it is listening; its id and port. */
  async listen(argv: string[]): Promise<{ id: string; port: number }> {
    const { status, body } = await this.call("POST", "/api/sessions", { argv });
    if (status !== 201) throw new Error(`POST /api/sessions: ${status} ${JSON.stringify(body)}`);
    const port = await this.until(async () => (await this.session(body.id)).port);
    return { id: body.id, port };
  }

  /** A loopback server session that shows what it receives and answers nothing. */
  discardServer(framing: string): Promise<{ id: string; port: number }> {
    return this.listen([
      "serve",
      "tcp://127.0.0.1:0",
      "--framing",
      framing,
      "--behavior",
      "discard",
    ]);
  }

  // deno-lint-ignore no-explicit-any
  async session(id: string): Promise<any> {
    return (await this.call("GET", `/api/sessions/${id}`)).body;
  }

  /** Polls `check` until it returns something truthy (bounded). */
  async until<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const found = await check();
      if (found) return found;
      if (Date.now() > deadline) throw new Error("timed out waiting on the workspace");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.running instanceof Sessions) await this.running.stopAll();
    else await this.running.stop();
    this.#client?.close();
  }
}

/** Clicks the page's Restart of session `id`, and resolves once its new run has started. */
export async function restartFromPage(ws: Workspace, page: Page, id: string): Promise<void> {
  const before = (await ws.session(id)).started;
  await page.click("[data-fc=restart]");
  await ws.until(async () => (await ws.session(id)).started !== before);
}

/**
 * A python client of session `id` where it listens now (port 0: a restarted run listens
 * elsewhere), once the page shows it among the peers.
 */
export async function peerOnPage(ws: Workspace, page: Page, id: string): Promise<PyLenClient> {
  const client = new PyLenClient(await ws.until(async () => (await ws.session(id)).port));
  try {
    await page.waitForSelector(`[data-fc=peer][data-peer="${await client.connected()}"]`);
    return client;
  } catch (err) {
    await client[Symbol.asyncDispose]();
    throw err;
  }
}

/** tests/fixtures/web_len_client.py: a len client that does one step per line it is told. */
export class PyLenClient implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: ReadableStreamDefaultReader<string>;
  #pending = "";

  constructor(port: number) {
    this.#child = new Deno.Command(PYTHON, {
      args: fixture("web_len_client.py", [String(port)]),
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#lines = this.#child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next line it printed, parsed; an error after `timeoutMs` without one (never a hang). */
  async next(timeoutMs = 15_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#pending.includes("\n")) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the python client said nothing for ${timeoutMs} ms`)),
          Math.max(0, deadline - Date.now()),
        );
      });
      try {
        const { value, done } = await Promise.race([this.#lines.read(), late]);
        if (done) throw new Error("the python client ended");
        this.#pending += value;
      } finally {
        clearTimeout(timer);
      }
    }
    const nl = this.#pending.indexOf("\n");
    const line = this.#pending.slice(0, nl);
    this.#pending = this.#pending.slice(nl + 1);
    return JSON.parse(line);
  }

  /** Its local port, once connected: the server sees it as 127.0.0.1:PORT. */
  async connected(): Promise<string> {
    return `127.0.0.1:${(await this.next()).connected}`;
  }

  /** One write of `bytes`; resolves once python has written them. */
  async send(bytes: Uint8Array): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(`send ${bytes.toHex()}\n`));
    await this.next();
  }

  /** Reads `n` len frames; resolves to their payloads as text. */
  async frames(n: number): Promise<string[]> {
    await this.#writer.write(new TextEncoder().encode(`frames ${n}\n`));
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      out.push(new TextDecoder().decode(Uint8Array.fromHex((await this.next()).frame as string)));
    }
    return out;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#writer.close().catch(() => {});
    await this.#lines.cancel().catch(() => {});
    try {
      this.#child.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#child.status;
  }
}

/** A u32be length-prefixed frame of `text` (UTF-8) or of bytes. */
export function lenFrame(text: string | Uint8Array): Uint8Array {
  const body = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setUint32(0, body.length);
  frame.set(body, 4);
  return frame;
}

/**
 * Whole-program test helpers: spawn main.ts as users run it, read its NDJSON
 * events, find the port it bound. Every process is killed on dispose.
 */

import { type RunOptions, runProcess } from "./process.ts";
import { assertValidEvent } from "./schema.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/** The deno arguments that run framecat (as `deno task start` does). */
export function framecatArgs(args: string[]): string[] {
  return ["run", "-A", "--config", CONFIG, MAIN, ...args];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as NDJSON (lines that are not JSON are skipped), each checked by the schema. */
  events: Record<string, unknown>[];
}

/** Runs framecat to completion (bounded by `timeoutMs`, default 30 s), with optional stdin. */
export async function runFramecat(
  args: string[],
  opts: RunOptions = {},
): Promise<RunResult> {
  const result = await runProcess(Deno.execPath(), framecatArgs(args), {
    stdin: opts.stdin,
    env: { NO_COLOR: "1", ...opts.env },
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
  const stdout = new TextDecoder().decode(result.stdout);
  return { code: result.code, stdout, stderr: result.stderr, events: parseNdjson(stdout) };
}

/** `connect PORT ARGS` to a loopback server, run to completion. */
export function connectTo(port: number, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runFramecat(["connect", `${port}`, ...args], opts);
}

/** The events in `text`; each must match `framecat schema` (a data line that only looks like JSON is skipped). */
export function parseNdjson(text: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    // A peer's message that happens to be JSON (`--output raw`) is no event.
    if (typeof parsed?.event === "string") assertValidEvent(parsed, line);
    events.push(parsed);
  }
  return events;
}

/**
 * A long-running framecat (a server, a relay, a sink) started with
 * `--output json`: its events are collected as they come.
 */
export interface FramecatOptions {
  stdin?: boolean;
  env?: Record<string, string>;
  /** A command that runs framecat, e.g. `["ip", "netns", "exec", NS]`. */
  wrap?: string[];
  /** Keep stdout as text in `stdout` (`--output text` or `hex`); off, as a flood's is large. */
  keepStdout?: boolean;
}

export class Framecat implements AsyncDisposable {
  readonly events: Record<string, unknown>[] = [];
  stderr = "";
  /** What it wrote to stdout, with `keepStdout`. */
  stdout = "";
  readonly #keepStdout: boolean;
  readonly #child: Deno.ChildProcess;
  readonly #done: Promise<void>;
  #waiters: Array<() => void> = [];
  #status?: Deno.CommandStatus;

  /** Starts a framecat that listens, and its port; it is killed if it never says `listening`. */
  static async listening(
    args: string[],
    opts?: FramecatOptions,
  ): Promise<{ framecat: Framecat; port: number }> {
    const framecat = new Framecat(args, opts);
    try {
      return { framecat, port: await framecat.port() };
    } catch (err) {
      await framecat.stop("SIGKILL");
      throw err;
    }
  }

  /** `serve 127.0.0.1:0 ARGS --output json`, once it listens, and its port. */
  static serving(...args: string[]): Promise<{ framecat: Framecat; port: number }> {
    return Framecat.listening(["serve", "127.0.0.1:0", ...args, "--output", "json"]);
  }

  constructor(args: string[], opts: FramecatOptions = {}) {
    const [cmd, ...pre] = opts.wrap ?? [];
    this.#keepStdout = opts.keepStdout ?? false;
    this.#child = new Deno.Command(cmd ?? Deno.execPath(), {
      args: cmd ? [...pre, Deno.execPath(), ...framecatArgs(args)] : framecatArgs(args),
      stdin: opts.stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", ...opts.env },
    }).spawn();
    this.#done = Promise.all([this.#readEvents(), this.#readStderr()]).then(
      async () => {
        this.#status = await this.#child.status;
        this.#wake();
      },
    );
  }

  get stdin(): WritableStream<Uint8Array> {
    return this.#child.stdin;
  }

  get pid(): number {
    return this.#child.pid;
  }

  async #readEvents(): Promise<void> {
    let rest = "";
    for await (
      const chunk of this.#child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      if (this.#keepStdout) this.stdout += chunk;
      rest += chunk;
      const lines = rest.split("\n");
      rest = lines.pop()!;
      this.events.push(...parseNdjson(lines.join("\n")));
      this.#wake();
    }
  }

  async #readStderr(): Promise<void> {
    for await (
      const chunk of this.#child.stderr.pipeThrough(new TextDecoderStream())
    ) {
      this.stderr += chunk;
      this.#wake();
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until `pred` holds over the events so far (or the process ends, or `timeoutMs`). */
  async waitFor<T>(
    pred: (events: Record<string, unknown>[]) => T | undefined | false,
    timeoutMs = 10_000,
    what = "the expected events",
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const found = pred(this.events);
      if (found) return found;
      if (this.#status) {
        throw new Error(
          `framecat exited (${this.#status.code}) before ${what}; stderr: ${this.stderr}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${what}; stderr: ${this.stderr}`,
        );
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The port from the `listening` event. */
  async port(): Promise<number> {
    const ev = await this.waitFor(
      (evs) => evs.find((e) => e.event === "listening"),
      10_000,
      "listening",
    );
    return ev.port as number;
  }

  /** Events of one kind. */
  of(kind: string): Record<string, unknown>[] {
    return this.events.filter((e) => e.event === kind);
  }

  /** Sends a signal (default SIGINT, as Ctrl-C) and waits for the exit. */
  async stop(signal: Deno.Signal = "SIGINT"): Promise<Deno.CommandStatus> {
    if (!this.#status) {
      try {
        this.#child.kill(signal);
      } catch { /* already gone */ }
    }
    const timer = setTimeout(() => {
      try {
        this.#child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 5_000);
    await this.#done;
    clearTimeout(timer);
    return this.#status!;
  }

  /** Waits for the process to end by itself (bounded). */
  async exited(timeoutMs = 15_000): Promise<Deno.CommandStatus> {
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), timeoutMs);
    await this.#done;
    clearTimeout(timer);
    return this.#status!;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop("SIGKILL");
  }
}

/** A save server on loopback (`serve --behavior save --dir DIR --output json`) with `extra` options. */
export function serveSave(dir: string, extra: string[] = [], opts?: FramecatOptions): Framecat {
  return new Framecat([
    "serve",
    "127.0.0.1:0",
    "--behavior",
    "save",
    "--dir",
    dir,
    "--output",
    "json",
    ...extra,
  ], opts);
}

/** A print server on loopback (`--framing line --output json`): its stdin goes to every peer. */
export function servePrint(): Framecat {
  return new Framecat(
    ["serve", "127.0.0.1:0", "--behavior", "print", "--framing", "line", "--output", "json"],
    { stdin: true },
  );
}

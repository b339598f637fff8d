/**
 * Whole-program test helpers. framecat runs in-process by default: the core
 * (lib/commands/command_line.ts, what main.ts runs) on a terminal of the
 * test's own, its stdout and stderr captured, Ctrl-C an aborted signal: as
 * real as a process (real sockets, real peers), without starting one. What
 * must be a process (signals other than Ctrl-C, `ulimit -n`, a network
 * namespace, /proc, a broken pipe, the environment) is spawned as users run
 * it: `{ process: true }`, or any `env` or `wrap`. Either way stdout is read
 * as NDJSON events, each checked against `framecat schema`.
 */

import { runCommandLine } from "../../lib/commands/command_line.ts";
import { Terminal } from "../../lib/display/terminal.ts";
import { type RunOptions, runProcess } from "./process.ts";
import { assertValidEvent } from "./schema.ts";
import { framecatV8Flags } from "../../scripts/permission_flags.ts";
import type { EventKind, JsonEvent, JsonEventOf } from "../../lib/events/types.ts";

export type { EventKind, JsonEvent, JsonEventOf };

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
/**
 * A child's environment unless the test says otherwise: no colours, and
 * English whatever the locale of the machine running the tests (an empty
 * LC_ALL or LC_MESSAGES counts as unset, as POSIX reads them).
 */
const ENGLISH = { NO_COLOR: "1", LC_ALL: "", LC_MESSAGES: "", LANG: "C.UTF-8" };
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
/** The V8 flags framecat runs with (deno.json's start task), as the installed command has them. */
const V8_FLAGS = framecatV8Flags();

/**
 * The deno arguments that run framecat as `deno task start` does: with the one
 * permission set it ships with (deno.json's `permissions.default`, `-P`), never
 * more, so a test sees what a user's missing permission would be. `--quiet`
 * silences Deno's note that config permissions are experimental.
 */
export function framecatArgs(args: string[]): string[] {
  return ["run", "--quiet", "-P", ...V8_FLAGS, "--config", CONFIG, MAIN, ...args];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as NDJSON (lines that are not events are skipped), each checked by the schema. */
  events: JsonEvent[];
}

/** How a test runs framecat. */
export interface HowToRun {
  /** Its own process (as users run it), not in-process. Default: only when `env` or `wrap` needs one. */
  process?: boolean;
  /** Added to the environment: only a process has its own, so this spawns one. */
  env?: Record<string, string>;
}

/** True when this run must be a process of its own. */
function spawns(opts: HowToRun & { wrap?: string[] }): boolean {
  return opts.process === true || opts.env !== undefined || opts.wrap !== undefined;
}

/** Runs framecat to completion (bounded by `timeoutMs`, default 30 s), with optional stdin. */
export async function runFramecat(
  args: string[],
  opts: RunOptions & HowToRun = {},
): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  if (!spawns(opts)) {
    await using fc = new Framecat(args, { stdin: opts.stdin !== undefined, keepStdout: true });
    // Not awaited: a command that never reads its stdin leaves it in the pipe, as a process does.
    if (opts.stdin !== undefined) feed(fc.stdin, opts.stdin).catch(() => {});
    const { code } = await fc.exited(timeoutMs);
    // Stopped in-process, a command ends as at Ctrl-C, often with 0: that is no end of its own.
    if (fc.timedOut) {
      throw new Error(`framecat ${args.join(" ")} did not end within ${timeoutMs} ms`);
    }
    return { code, stdout: fc.stdout, stderr: fc.stderr, events: fc.events };
  }
  const result = await runProcess(Deno.execPath(), framecatArgs(args), {
    stdin: opts.stdin,
    env: { ...ENGLISH, ...opts.env },
    timeoutMs,
  });
  const stdout = new TextDecoder().decode(result.stdout);
  return { code: result.code, stdout, stderr: result.stderr, events: parseNdjson(stdout) };
}

/** Writes all of `data` and closes: stdin at its end, as a pipe from a file. */
async function feed(stdin: WritableStream<Uint8Array>, data: string | Uint8Array): Promise<void> {
  const writer = stdin.getWriter();
  await writer.write(typeof data === "string" ? new TextEncoder().encode(data) : data);
  await writer.close();
}

/** `connect PORT ARGS` to a loopback server, run to completion. */
export function connectTo(
  port: number,
  args: string[],
  opts: RunOptions & HowToRun = {},
): Promise<RunResult> {
  return runFramecat(["connect", `${port}`, ...args], opts);
}

/**
 * The events in `text`, typed by the schema each must match (`framecat
 * schema`, made from the same definitions as the types): a line that is not
 * an event (a peer's message that happens to be JSON, in `--output raw`) is
 * skipped.
 */
export function parseNdjson(text: string): JsonEvent[] {
  const events: JsonEvent[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let parsed: { event?: unknown };
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof parsed?.event !== "string") continue;
    assertValidEvent(parsed, line);
    events.push(parsed as JsonEvent);
  }
  return events;
}

/** The sentence an event carries ("" for a kind that has none: read, frame, sent). */
export function messageOf(ev: JsonEvent): string {
  return "message" in ev && typeof ev.message === "string" ? ev.message : "";
}

/** The sub-kinds of a kind that has them (info, report, stats say theirs in `kind`). */
export type SubKind<E extends EventKind> = Extract<JsonEventOf<E>, { kind: string }>["kind"];

/** An event of kind `E` and sub-kind `K`. */
export type JsonEventOfKind<E extends EventKind, K extends SubKind<E>> = Extract<
  JsonEventOf<E>,
  { kind: K }
>;

/** The events of one kind (and sub-kind), typed as that kind. */
export function eventsOf<E extends EventKind>(events: JsonEvent[], event: E): JsonEventOf<E>[];
export function eventsOf<E extends EventKind, K extends SubKind<E>>(
  events: JsonEvent[],
  event: E,
  kind: K,
): JsonEventOfKind<E, K>[];
export function eventsOf(events: JsonEvent[], event: EventKind, kind?: unknown): JsonEvent[] {
  return events.filter((e) =>
    e.event === event && (kind === undefined || ("kind" in e && e.kind === kind))
  );
}

/**
 * A long-running framecat (a server, a relay, a sink) started with
 * `--output json`: its events are collected as they come.
 */
export interface FramecatOptions extends HowToRun {
  stdin?: boolean;
  /** A command that runs framecat, e.g. `["ip", "netns", "exec", NS]`: spawns a process. */
  wrap?: string[];
  /** Keep stdout as text in `stdout` (`--output text` or `hex`); off, as a flood's is large. */
  keepStdout?: boolean;
}

/** How it ended, as Deno.CommandStatus says it (in-process: never by a signal). */
export type Status = Deno.CommandStatus;

/** One running framecat, in-process or a child process: what Framecat needs of either. */
interface Run {
  readonly stdin: WritableStream<Uint8Array>;
  readonly pid: number;
  /** Resolves with how it ended, once its stdout and stderr are read to their end. */
  readonly done: Promise<Status>;
  /** Ctrl-C, or (a process only) another signal. */
  stop(signal: Deno.Signal): void;
  /** Ends it, however it is: a process is killed, an in-process run is stopped as by Ctrl-C. */
  kill(): void;
}

/** How long an in-process run may take to stop once told to: longer is a bug (it cannot be killed). */
const STOP_MS = 10_000;

/** framecat on a terminal of the test's own, in this process. */
function runHere(args: string[], stdin: boolean, out: Sink, err: Sink): Run {
  const ctrl = new AbortController();
  const input = stdin ? new TransformStream<Uint8Array, Uint8Array>() : undefined;
  const screen = (sink: Sink) => {
    const decoder = new TextDecoder();
    return {
      writeSync(bytes: Uint8Array): number {
        sink(decoder.decode(bytes, { stream: true }));
        return bytes.length;
      },
    };
  };
  const terminal = new Terminal({
    ...(input ? { stdin: { readable: input.readable } } : {}),
    stdout: screen(out),
    stderr: screen(err),
  });
  // English unless the arguments say --lang, whatever the locale of the machine running the tests.
  const done = runCommandLine(args, { terminal, signal: ctrl.signal, lang: "en" }).then(
    (code): Status => ({ success: code === 0, code, signal: null }),
    (bug) => {
      err(`framecat (in-process) threw: ${Deno.inspect(bug)}`);
      return { success: false, code: 70, signal: null };
    },
  );
  return {
    stdin: input?.writable ?? new WritableStream(),
    get pid(): number {
      throw new Error("framecat runs in-process here: start it with { process: true } for a pid");
    },
    done,
    stop(signal) {
      if (signal !== "SIGINT") {
        throw new Error(`${signal} needs a process: start framecat with { process: true }`);
      }
      ctrl.abort();
    },
    kill: () => ctrl.abort(),
  };
}

/** framecat as its own process, as users run it. */
function runChild(args: string[], opts: FramecatOptions, out: Sink, err: Sink): Run {
  const [cmd, ...pre] = opts.wrap ?? [];
  const child = new Deno.Command(cmd ?? Deno.execPath(), {
    args: cmd ? [...pre, Deno.execPath(), ...framecatArgs(args)] : framecatArgs(args),
    stdin: opts.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    env: { ...ENGLISH, ...opts.env },
  }).spawn();
  const read = async (from: ReadableStream<Uint8Array<ArrayBuffer>>, sink: Sink) => {
    for await (const chunk of from.pipeThrough(new TextDecoderStream())) sink(chunk);
  };
  const signal = (sig: Deno.Signal) => {
    try {
      child.kill(sig);
    } catch { /* already gone */ }
  };
  return {
    get stdin() {
      return child.stdin;
    },
    pid: child.pid,
    done: Promise.all([read(child.stdout, out), read(child.stderr, err)]).then(() => child.status),
    stop: signal,
    kill: () => signal("SIGKILL"),
  };
}

type Sink = (text: string) => void;

export class Framecat implements AsyncDisposable {
  readonly events: JsonEvent[] = [];
  stderr = "";
  /** What it wrote to stdout, with `keepStdout`. */
  stdout = "";
  readonly #keepStdout: boolean;
  readonly #run: Run;
  readonly #done: Promise<void>;
  #rest = "";
  #waiters: Array<() => void> = [];
  #status?: Status;
  /** It was ended for not ending within the time a wait for its end gave it. */
  timedOut = false;

  /** Starts a framecat that listens, and its port; it is stopped if it never says `listening`. */
  static async listening(
    args: string[],
    opts?: FramecatOptions,
  ): Promise<{ framecat: Framecat; port: number }> {
    const framecat = new Framecat(args, opts);
    try {
      return { framecat, port: await framecat.port() };
    } catch (err) {
      await framecat[Symbol.asyncDispose]();
      throw err;
    }
  }

  /** `serve 127.0.0.1:0 ARGS --output json`, once it listens, and its port. */
  static serving(...args: string[]): Promise<{ framecat: Framecat; port: number }> {
    return Framecat.listening(["serve", "127.0.0.1:0", ...args, "--output", "json"]);
  }

  constructor(args: string[], opts: FramecatOptions = {}) {
    this.#keepStdout = opts.keepStdout ?? false;
    const out = (text: string) => this.#stdout(text);
    const err = (text: string) => {
      this.stderr += text;
      this.#wake();
    };
    this.#run = spawns(opts)
      ? runChild(args, opts, out, err)
      : runHere(args, opts.stdin ?? false, out, err);
    this.#done = this.#run.done.then((status) => {
      this.#status = status;
      this.#wake();
    });
  }

  get stdin(): WritableStream<Uint8Array> {
    return this.#run.stdin;
  }

  /** The process's id (a process only). */
  get pid(): number {
    return this.#run.pid;
  }

  #stdout(chunk: string): void {
    if (this.#keepStdout) this.stdout += chunk;
    const lines = (this.#rest + chunk).split("\n");
    this.#rest = lines.pop()!;
    if (lines.length > 0) this.events.push(...parseNdjson(lines.join("\n")));
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until `pred` holds over the events so far (or it ends, or `timeoutMs`). */
  async waitFor<T>(
    pred: (events: JsonEvent[]) => T | undefined | false,
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
    const ev = await this.waitFor((evs) => eventsOf(evs, "listening")[0], 10_000, "listening");
    if (ev.port === undefined) throw new Error(`listening on ${ev.address}: no port`);
    return ev.port;
  }

  /** Events of one kind (and sub-kind), typed as that kind. */
  of<E extends EventKind>(event: E): JsonEventOf<E>[];
  of<E extends EventKind, K extends SubKind<E>>(event: E, kind: K): JsonEventOfKind<E, K>[];
  of(event: EventKind, kind?: never): JsonEvent[] {
    return kind === undefined ? eventsOf(this.events, event) : eventsOf(this.events, event, kind);
  }

  /**
   * Sends a signal (default SIGINT, as Ctrl-C; in-process, Ctrl-C only) and
   * waits for the end.
   */
  async stop(signal: Deno.Signal = "SIGINT"): Promise<Status> {
    if (!this.#status) this.#run.stop(signal);
    return await this.#ended(5_000);
  }

  /** Waits for it to end by itself (bounded). */
  exited(timeoutMs = 15_000): Promise<Status> {
    return this.#ended(timeoutMs);
  }

  /** The end, within `timeoutMs`; then it is ended (a process killed, a run stopped). */
  async #ended(timeoutMs: number): Promise<Status> {
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.#run.kill();
    }, timeoutMs);
    try {
      await this.#within(STOP_MS + timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    return this.#status!;
  }

  /** Waits for the end; an in-process run that will not stop fails the test instead of hanging it. */
  async #within(ms: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`framecat did not stop; stderr: ${this.stderr}`)),
        ms,
      );
    });
    try {
      await Promise.race([this.#done, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#status) this.#run.kill();
    await this.#within(STOP_MS);
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

/**
 * The terminal one run of a command owns: its stdin, stdout and stderr,
 * Ctrl-C, and the output waiting to be written. framecat's process has one
 * ({@linkcode processTerminal}); a test that runs a command in-process makes
 * its own over pipes it reads. Two runs in one process never share one, so
 * their output, and what waits to be written, never mix.
 */
import { writeAllSync, type Writer } from "./output.ts";

/** Where output goes: a writer that may be a terminal (colour, the prompt, the progress line). */
export interface Screen extends Writer {
  /** True when a person watches it. Default false. */
  isTerminal?(): boolean;
}

/** What the user types or pipes in. */
export interface Keyboard {
  readonly readable: ReadableStream<Uint8Array>;
  /** True when a person types it. Default false. */
  isTerminal?(): boolean;
  /** Keys as they are typed (cbreak: Ctrl-C still interrupts), or the terminal's own editing back. */
  setRaw?(raw: boolean, options?: { cbreak: boolean }): void;
}

export interface TerminalStreams {
  /** None: stdin is at its end from the start (`< /dev/null`). */
  stdin?: Keyboard;
  stdout: Screen;
  stderr: Screen;
  /** Calls `handler` on Ctrl-C (and whatever else asks a command to stop) until disposed. */
  onInterrupt?(handler: () => void): Disposable;
  /** The width of the window in columns (may throw when there is no window). */
  columns?(): number;
  /** Our reader has gone (`framecat … | head`): called at the first write that fails so. */
  closed?(): void;
}

/** Output waiting to be written past this many events is written at once: a bound on what it holds. */
const MAX_PENDING = 1024;
/** Data the waiting events carry: past this much, output is written at once (a bound too). */
const MAX_PENDING_BYTES = 1 << 20;

/** Something holding output back until {@linkcode Terminal.flush} (a reporter's batch). */
export interface Held {
  write(): void;
}

export class Terminal {
  /** Output waiting to be formatted and written, in event order. */
  readonly #pending: Array<() => void> = [];
  #pendingBytes = 0;
  #flushTimer?: ReturnType<typeof setTimeout>;
  readonly #held = new Set<Held>();

  constructor(readonly streams: TerminalStreams) {}

  get stdin(): Keyboard | undefined {
    return this.streams.stdin;
  }

  get stdout(): Screen {
    return this.streams.stdout;
  }

  get stderr(): Screen {
    return this.streams.stderr;
  }

  /**
   * The window's width, when the terminal says it. A pty whose size was never set (`script`, some
   * CI runners) says 0: that is no width at all, not one column.
   */
  columns(): number | undefined {
    try {
      const columns = this.streams.columns?.();
      return columns !== undefined && columns > 0 ? columns : undefined;
    } catch {
      return undefined;
    }
  }

  /** Calls `handler` on Ctrl-C until disposed (never, for a terminal without one). */
  onInterrupt(handler: () => void): Disposable {
    return this.streams.onInterrupt?.(handler) ?? { [Symbol.dispose]() {} };
  }

  /** Writes all of `bytes`; a reader that has gone is told to {@linkcode TerminalStreams.closed}. */
  write(to: Screen, bytes: Uint8Array): void {
    try {
      writeAllSync(to, bytes);
    } catch (err) {
      if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
      this.streams.closed?.();
    }
  }

  /**
   * Runs `job` (formatting and writing an event) after the I/O that caused
   * it, on a timer: showing a read never delays the reply to it. `bytes` is
   * the data the job holds, counted against the bound.
   */
  defer(job: () => void, bytes: number): void {
    this.#pending.push(job);
    this.#pendingBytes += bytes;
    if (this.#pending.length >= MAX_PENDING || this.#pendingBytes >= MAX_PENDING_BYTES) {
      this.flush();
    } // A timer, not a microtask: it runs after the event loop has polled the socket writes.
    else this.#flushTimer ??= setTimeout(() => this.flush(), 0);
  }

  /** Keeps `held` to be written at the end of every flush. */
  hold(held: Held): void {
    this.#held.add(held);
  }

  /** Writes all deferred output now (before an error line, before exiting). */
  flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#pendingBytes = 0;
    for (const job of this.#pending.splice(0)) job();
    for (const held of this.#held) held.write();
  }
}

/** Signals that stop a command as Ctrl-C does: a closed terminal stops a server as cleanly. */
const STOP_SIGNALS: Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT"]
  : ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Ctrl-C (and the other stop signals) for this process. The first stops the command: its
 * handlers are called, or, when it has none left (it is finishing: a `--once` server closing its
 * connection), it is let finish and write what it holds. The second exits at once (130), as a
 * user who insists expects, whatever the command is doing. Deno gives a signal its default action
 * (death, 130) back when its last listener is removed, so one listener per signal stays, from a
 * command's first `onInterrupt` to the exit; before that, the default action stops the start-up.
 */
class StopSignals {
  readonly #handlers = new Set<() => void>();
  #listening = false;
  #delivered = 0;

  add(handler: () => void): Disposable {
    this.#listen();
    this.#handlers.add(handler);
    return { [Symbol.dispose]: () => this.#handlers.delete(handler) };
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    for (const sig of STOP_SIGNALS) Deno.addSignalListener(sig, () => this.#fire());
  }

  #fire(): void {
    if (++this.#delivered > 1) Deno.exit(130);
    for (const handler of [...this.#handlers]) handler();
  }
}

/** This process's own terminal; `closed` is called when our reader goes away. */
export function processTerminal(closed: () => void): Terminal {
  const stops = new StopSignals();
  return new Terminal({
    stdin: Deno.stdin,
    stdout: Deno.stdout,
    stderr: Deno.stderr,
    onInterrupt: (handler) => stops.add(handler),
    columns: () => Deno.consoleSize().columns,
    closed,
  });
}

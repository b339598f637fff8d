/**
 * Helpers of the course tests (exec, time, chat, save): the course's Python
 * peers in tests/fixtures, and UDP sockets that play chat clients.
 */

import { framecatArgs, parseNdjson } from "./helpers/cli.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;

export interface PythonResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs tests/fixtures/`script` with python3 to its end (killed after `timeoutMs`). */
export async function runPython(
  script: string,
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<PythonResult> {
  const child = new Deno.Command("python3", {
    args: [FIXTURES + script, ...args],
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: opts.env,
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
  try {
    if (opts.stdin !== undefined) {
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode(opts.stdin));
      await w.close();
    }
    const out = await child.output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a fixture and parses the JSON it prints last; throws with its stderr if it failed. */
export async function pythonJson<T>(
  script: string,
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<T> {
  const result = await runPython(script, args, opts);
  if (result.code !== 0) throw new Error(`${script} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
}

/** A UDP socket on loopback that plays a client: send text, receive text. */
export class UdpClient implements Disposable {
  readonly sock = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  readonly #server: Deno.NetAddr;
  #pending?: Promise<[Uint8Array, Deno.Addr]>;

  constructor(port: number) {
    this.#server = { transport: "udp", hostname: "127.0.0.1", port };
  }

  /** `HOST:PORT`, as framecat names this peer. */
  get name(): string {
    return `127.0.0.1:${(this.sock.addr as Deno.NetAddr).port}`;
  }

  send(text: string): Promise<number> {
    return this.sock.send(new TextEncoder().encode(text), this.#server);
  }

  /** The next datagram as text, or undefined after `timeoutMs`. */
  async receive(timeoutMs = 5_000): Promise<string | undefined> {
    // One receive at a time: one that outlives a timeout serves the next call.
    if (!this.#pending) {
      this.#pending = this.sock.receive();
      this.#pending.catch(() => {}); // closed at dispose
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((
      r,
    ) => (timer = setTimeout(() => r(undefined), timeoutMs)));
    try {
      const got = await Promise.race([this.#pending, timeout]);
      if (!got) return undefined;
      this.#pending = undefined;
      return new TextDecoder().decode(got[0]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Receives until a datagram equal to `text` arrives (others are skipped); false after the wait. */
  async receiveUntil(text: string, timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.receive(deadline - Date.now()) === text) return true;
    }
    return false;
  }

  [Symbol.dispose](): void {
    this.sock.close();
  }
}

/** Events of one kind (and, when given, about one peer). */
export function eventsOf(
  events: Record<string, unknown>[],
  kind: string,
  peer?: string,
): Record<string, unknown>[] {
  return events.filter((e) => e.event === kind && (peer === undefined || e.peer === peer));
}

/**
 * framecat run through a wrapper (`unshare` for a private network or mount
 * namespace): its NDJSON events as they come. Killed on dispose.
 */
export class WrappedFramecat implements AsyncDisposable {
  readonly events: Record<string, unknown>[] = [];
  readonly #child: Deno.ChildProcess;
  readonly #reading: Promise<void>;

  constructor(wrapper: string[], args: string[]) {
    this.#child = new Deno.Command(wrapper[0], {
      args: [...wrapper.slice(1), Deno.execPath(), ...framecatArgs(args)],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const stdout = this.#child.stdout;
    this.#reading = (async () => {
      let rest = "";
      for await (const chunk of stdout.pipeThrough(new TextDecoderStream())) {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop()!;
        this.events.push(...parseNdjson(lines.join("\n")));
      }
    })();
  }

  /** Polls the events until `pred` finds one (bounded by `timeoutMs`). */
  async waitFor(
    pred: (e: Record<string, unknown>) => boolean,
    timeoutMs = 10_000,
  ): Promise<Record<string, unknown>> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      const found = this.events.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out; events: ${JSON.stringify(this.events)}`);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#child.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#reading;
    await this.#child.status;
  }
}

/** Whether this machine lets us make namespaces (`unshare`, as root on Linux). */
export function canUnshare(flag: "-n" | "-m"): boolean {
  if (Deno.build.os !== "linux") return false;
  try {
    return new Deno.Command("unshare", { args: [flag, "true"] }).outputSync().success;
  } catch {
    return false;
  }
}

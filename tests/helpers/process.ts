/**
 * Child processes for tests and benchmarks (python3 peers, iptables, socat):
 * run one to its end, keep one running that says something on its first
 * line (a server's port), or one in the background. Every process is killed
 * and awaited; those run to their end or waited on are bounded in time.
 */

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

/**
 * The python3 the tests' peers run on: the system's (Debian's /usr/bin/python3, all a fresh
 * machine has) when there is one, else the PATH's. Not a version manager's shim first on the
 * PATH: pyenv's starts bash and pyenv on every run, about 0.5 s of CPU each, hundreds of times
 * a suite. The peers need only python3's standard library.
 */
export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
const DEFAULT_TIMEOUT_MS = 60_000;

export interface RunOptions {
  stdin?: string | Uint8Array;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** The process is killed after this long. Default 60 s. */
  timeoutMs?: number;
}

export interface ProcessResult {
  code: number;
  stdout: Uint8Array;
  stderr: string;
}

const decoder = new TextDecoder();
const bytes = (data: string | Uint8Array) =>
  typeof data === "string" ? new TextEncoder().encode(data) : data;

/** Runs `cmd` to its end, feeding it `stdin`. */
export async function runProcess(
  cmd: string,
  args: string[],
  opts: RunOptions = {},
): Promise<ProcessResult> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: opts.env,
  }).spawn();
  const timer = setTimeout(() => kill(child), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    if (opts.stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(bytes(opts.stdin));
      await writer.close();
    }
    const out = await child.output();
    return { code: out.code, stdout: out.stdout, stderr: decoder.decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `cmd` to its end and returns its stdout; a non-zero exit throws with its stderr. */
export async function output(cmd: string, args: string[], opts?: RunOptions): Promise<Uint8Array> {
  const result = await runProcess(cmd, args, opts);
  if (result.code !== 0) {
    const command = [cmd, ...args].map((arg) => arg.length > 60 ? `${arg.slice(0, 60)}…` : arg);
    throw new Error(`${command.join(" ")} exited ${result.code}: ${result.stderr}`);
  }
  return result.stdout;
}

/** `python3 -c code args…`: its stdout as text (a failure throws). */
export async function python(
  code: string,
  args: string[] = [],
  opts?: RunOptions,
): Promise<string> {
  return decoder.decode(await output(PYTHON, ["-c", code, ...args], opts));
}

/** The arguments that run tests/fixtures/`script` with python3. */
export function fixture(script: string, args: string[] = []): string[] {
  return [FIXTURES + script, ...args];
}

/** Runs tests/fixtures/`script` with python3 and parses the JSON it prints last. */
export async function pythonJson<T>(script: string, args: string[], opts?: RunOptions): Promise<T> {
  const stdout = decoder.decode(await output(PYTHON, fixture(script, args), opts));
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

/** A process that says something on its first line of stdout (a port, its name) and runs on. */
export interface Running extends AsyncDisposable {
  readonly firstLine: string;
  /** The rest of its stdout once it has exited by itself; rejects if it exited non-zero. */
  rest(): Promise<string>;
}

/**
 * Starts `cmd` and waits for its first line; it is killed on dispose (or after `timeoutMs`).
 * Later output waits in the pipe until rest() reads it: for processes that say little.
 */
export async function startProcess(
  cmd: string,
  args: string[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Running> {
  const child = new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "piped" })
    .spawn();
  const timer = setTimeout(() => kill(child), timeoutMs);
  const stderr = new Response(child.stderr).text();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const dispose = async () => {
    clearTimeout(timer);
    kill(child);
    await lines.cancel().catch(() => {});
    await child.status;
    await stderr;
  };
  let out = "";
  try {
    while (!out.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`${cmd} ended before its first line: ${await stderr}`);
      out += value;
    }
  } catch (err) {
    await dispose();
    throw err;
  }
  const newline = out.indexOf("\n");
  return {
    firstLine: out.slice(0, newline),
    async rest() {
      let rest = out.slice(newline + 1);
      for (let r = await lines.read(); !r.done; r = await lines.read()) rest += r.value;
      const { code } = await child.status;
      if (code !== 0) throw new Error(`${cmd} exited ${code}: ${await stderr}`);
      return rest;
    },
    [Symbol.asyncDispose]: dispose,
  };
}

/** A process started by {@linkcode background}. */
export interface Background extends AsyncDisposable {
  pid: number;
}

/** Starts `cmd` in the background, its output discarded; killed and awaited on dispose. */
export function background(cmd: string, args: string[]): Background {
  const child = new Deno.Command(cmd, { args, stdin: "null", stdout: "null", stderr: "null" })
    .spawn();
  return {
    pid: child.pid,
    async [Symbol.asyncDispose]() {
      kill(child);
      await child.status;
    },
  };
}

function kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch { /* already gone */ }
}

/**
 * Runs one shell command for `exec`: its output collected (bounded), its
 * whole process tree killed when it runs too long.
 */
import { concatBytes } from "../bytes.ts";
import { sleep } from "../sleep.ts";

const WINDOWS = Deno.build.os === "windows";

export interface RunOptions {
  /** Kill the command's process tree after this many ms. */
  timeoutMs: number;
  /** Output bytes kept; the rest is read and dropped, so the command never blocks on a full pipe. */
  maxOutput: number;
  /** Kills the command's process tree when aborted (the server is stopping). */
  signal?: AbortSignal;
}

export interface RunResult {
  /** stdout then stderr (as the course's server concatenates them), at most `maxOutput` bytes. */
  output: Uint8Array;
  /** Output bytes the command wrote in all, kept or not. */
  outputBytes: number;
  /** The exit code (128 + N when signal N ended it, as a shell reports it). */
  code: number;
  signal: Deno.Signal | null;
  /** The timeout killed it. */
  killed: boolean;
}

/** After a kill, how long the output may take to reach its end before it is no longer read. */
const DRAIN_AFTER_KILL_MS = 500;
/**
 * Set in each command's environment: a child that leaves the command's session (`setsid`)
 * still carries it, so it is found and killed too (Linux, where /proc shows environments).
 */
const MARK = "FRAMECAT_EXEC";

/**
 * Runs `command` with `sh -c` (`cmd /c` on Windows) in a session of its own.
 * At the timeout its process group is killed and the reply made, even if an
 * escaped child still holds the output open; after the reply, whatever the
 * command left running is killed too.
 * @throws {Error} when the shell cannot be started
 */
export async function runShell(command: string, opts: RunOptions): Promise<RunResult> {
  const mark = crypto.randomUUID();
  const child = new Deno.Command(WINDOWS ? "cmd" : "sh", {
    args: WINDOWS ? ["/c", command] : ["-c", command],
    windowsRawArguments: WINDOWS,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { [MARK]: mark },
    // On Unix a new session and process group (setsid): one kill reaches everything in it.
    detached: !WINDOWS,
  }).spawn();
  let killed = false;
  const { promise: ended, resolve: end } = Promise.withResolvers<void>();
  const kill = () => {
    killTree(child, mark);
    end();
  };
  const timer = setTimeout(() => {
    killed = true;
    kill();
  }, opts.timeoutMs);
  opts.signal?.addEventListener("abort", kill);
  try {
    const [stdout, stderr, status] = await Promise.all([
      collect(child.stdout, opts.maxOutput, ended),
      collect(child.stderr, opts.maxOutput, ended),
      child.status,
    ]);
    // One copy: stdout's kept chunks then stderr's, cut to the bound.
    const output = concatBytes([...stdout.kept, ...stderr.kept]).subarray(0, opts.maxOutput);
    return {
      output,
      outputBytes: stdout.total + stderr.total,
      code: status.code,
      signal: status.signal,
      killed,
    };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", kill);
    // What the command started and left running (`sleep 60 &`) ends with it.
    killTree(child, mark);
  }
}

/**
 * Kills the command and what it started: its process group on Unix (and, on
 * Linux, any process that left it but carries its mark); its tree on Windows.
 */
function killTree(child: Deno.ChildProcess, mark: string): void {
  if (WINDOWS) {
    try {
      new Deno.Command("taskkill", {
        args: ["/pid", String(child.pid), "/T", "/F"],
        stdout: "null",
        stderr: "null",
      }).spawn();
    } catch { /* already gone */ }
    return;
  }
  try {
    Deno.kill(-child.pid, "SIGKILL");
  } catch { /* the group is gone */ }
  if (Deno.build.os === "linux") killMarked(`${MARK}=${mark}`);
}

/** Kills every process whose environment holds `entry` (Linux: /proc/PID/environ). */
function killMarked(entry: string): void {
  const wanted = new TextEncoder().encode(`\0${entry}\0`);
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc")];
  } catch {
    return; // no /proc to read: the group kill is all there is
  }
  for (const { name } of entries) {
    if (!/^\d+$/.test(name)) continue;
    let environ: Uint8Array;
    try {
      // A leading NUL lets the first variable match like the others.
      environ = new Uint8Array([0, ...Deno.readFileSync(`/proc/${name}/environ`), 0]);
    } catch {
      continue; // gone, or not ours to read
    }
    if (!includesBytes(environ, wanted)) continue;
    try {
      Deno.kill(Number(name), "SIGKILL");
    } catch { /* gone meanwhile */ }
  }
}

function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (let at = haystack.indexOf(first); at >= 0; at = haystack.indexOf(first, at + 1)) {
    if (needle.every((b, i) => haystack[at + i] === b)) return true;
  }
  return false;
}

/**
 * Reads a stream to its end, keeping the chunks of its first `max` bytes;
 * once `ended` (the command was killed), it waits DRAIN_AFTER_KILL_MS more
 * for the end, then stops reading: an escaped child may hold the pipe open.
 */
async function collect(
  stream: ReadableStream<Uint8Array>,
  max: number,
  ended: Promise<void>,
): Promise<{ kept: Uint8Array[]; total: number }> {
  const reader = stream.getReader();
  const waited = new AbortController();
  ended.then(() => sleep(DRAIN_AFTER_KILL_MS, waited.signal)).then(() => reader.cancel())
    .catch(() => {});
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  try {
    while (true) {
      const { value: chunk, done } = await reader.read();
      if (done) break;
      total += chunk.length;
      if (kept >= max) continue;
      const part = chunk.subarray(0, max - kept);
      chunks.push(part);
      kept += part.length;
    }
  } finally {
    waited.abort();
  }
  return { kept: chunks, total };
}

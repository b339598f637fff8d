/**
 * Runs one shell command for `exec`: its output collected (bounded), its
 * whole process tree killed when it runs too long.
 */
import { concatBytes } from "../bytes.ts";

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

/**
 * Runs `command` with `sh -c` (`cmd /c` on Windows).
 * @throws {Error} when the shell cannot be started
 */
export async function runShell(command: string, opts: RunOptions): Promise<RunResult> {
  const child = new Deno.Command(WINDOWS ? "cmd" : "sh", {
    args: WINDOWS ? ["/c", command] : ["-c", command],
    windowsRawArguments: WINDOWS,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    // On Unix a new session and process group: the timeout kills the group, grandchildren too.
    detached: !WINDOWS,
  }).spawn();
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    killTree(child);
  }, opts.timeoutMs);
  const stop = () => killTree(child);
  opts.signal?.addEventListener("abort", stop);
  try {
    const [stdout, stderr, status] = await Promise.all([
      collect(child.stdout, opts.maxOutput),
      collect(child.stderr, opts.maxOutput),
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
    opts.signal?.removeEventListener("abort", stop);
  }
}

/** Kills the command and what it started: its process group on Unix, its tree on Windows. */
function killTree(child: Deno.ChildProcess): void {
  try {
    if (WINDOWS) {
      new Deno.Command("taskkill", {
        args: ["/pid", String(child.pid), "/T", "/F"],
        stdout: "null",
        stderr: "null",
      }).spawn();
    } else {
      Deno.kill(-child.pid, "SIGKILL");
    }
  } catch {
    // Already gone.
  }
}

/** Reads a stream to its end, keeping the chunks of its first `max` bytes. */
async function collect(
  stream: ReadableStream<Uint8Array>,
  max: number,
): Promise<{ kept: Uint8Array[]; total: number }> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (kept >= max) continue;
    const part = chunk.subarray(0, max - kept);
    chunks.push(part);
    kept += part.length;
  }
  return { kept: chunks, total };
}

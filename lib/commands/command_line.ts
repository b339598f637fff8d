/**
 * The command line over the core: argv → parse → run → exit code, every
 * error a user can cause turned into one line on stderr (a stack trace only
 * for our own bugs). main.ts runs it on the process's terminal; a test runs
 * it in-process on a terminal of its own.
 */
import { parseCommandLine, ShownUsageError } from "../options/cli.ts";
import { EXIT, NetworkError, TooFewMessages, UsageError } from "../errors.ts";
import { FrameError } from "../framing/frame_error.ts";
import type { Terminal } from "../display/terminal.ts";
import type { Context } from "../core/context.ts";
import { runCommand } from "./mod.ts";

/** The exit code of a bug of ours (BSD's EX_SOFTWARE). */
const INTERNAL = 70;

/** Runs framecat with these arguments at `ctx.terminal`; resolves to the exit code. */
export async function runCommandLine(
  argv: string[],
  ctx: Context & { terminal: Terminal },
): Promise<number> {
  const { terminal } = ctx;
  const write = (to: "stdout" | "stderr") => (text: string) =>
    terminal.write(terminal[to], new TextEncoder().encode(text));
  try {
    const invocation = await parseCommandLine(argv, {
      writeOut: write("stdout"),
      writeErr: write("stderr"),
    });
    if (invocation.command === "none") return EXIT.ok;
    return await runCommand(invocation, ctx);
  } catch (err) {
    terminal.flush(); // the events that led to the error come before it
    const [code, line] = failure(err);
    if (line !== undefined) write("stderr")(`framecat: ${line}\n`);
    return code;
  } finally {
    // Events shown after the I/O that caused them must be out before we exit.
    terminal.flush();
  }
}

/** The exit code for `err`, and the line that says it (none: commander has said it). */
function failure(err: unknown): [number, string | undefined] {
  if (err instanceof ShownUsageError) return [EXIT.usage, undefined];
  if (err instanceof UsageError) return [EXIT.usage, err.message];
  if (err instanceof NetworkError) return [EXIT.network, err.message];
  if (err instanceof FrameError) return [EXIT.frame, err.message];
  if (err instanceof TooFewMessages) return [EXIT.expect, err.message];
  return [INTERNAL, `internal error (please report it): ${Deno.inspect(err)}`];
}

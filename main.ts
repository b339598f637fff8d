/**
 * framecat: parse → validate → dispatch → exit code. The only place that
 * calls Deno.exit; everything below throws typed errors.
 */
import { parseCommandLine, ShownUsageError } from "./lib/options/cli.ts";
import { EXIT, NetworkError, TooFewMessages, UsageError } from "./lib/errors.ts";
import { FrameError } from "./lib/framing/frame_error.ts";
import { runCommand } from "./lib/commands/mod.ts";
import { flushOutput, onOutputClosed } from "./lib/display/reporter.ts";

/** Runs framecat with these arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const invocation = await parseCommandLine(argv);
    if (invocation.command === "none") return EXIT.ok;
    return await runCommand(invocation);
  } catch (err) {
    flushOutput(); // the events that led to the error come before it
    return report(err);
  } finally {
    // Events shown after the I/O that caused them must be out before we exit.
    flushOutput();
  }
}

/** One line for anything a user can cause; a stack trace only for our own bugs. */
function report(err: unknown): number {
  if (err instanceof ShownUsageError) return EXIT.usage;
  const line = (text: string) => console.error(`framecat: ${text}`);
  if (err instanceof UsageError) {
    line(err.message);
    return EXIT.usage;
  }
  if (err instanceof NetworkError) {
    line(err.message);
    return EXIT.network;
  }
  if (err instanceof FrameError) {
    line(err.message);
    return EXIT.frame;
  }
  if (err instanceof TooFewMessages) {
    line(err.message);
    return EXIT.expect;
  }
  console.error("framecat: internal error (please report it):", err);
  return 70;
}

if (import.meta.main) {
  // Whoever read our output is gone (`framecat … | head`): stop quietly, as nc does on SIGPIPE.
  onOutputClosed(() => Deno.exit(EXIT.ok));
  Deno.exit(await main(Deno.args));
}

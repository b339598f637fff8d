/**
 * The command line over the core: argv → parse → run → exit code, every
 * error a user can cause turned into one line on stderr, in the language of
 * --lang (else the locale's); a stack trace only for our own bugs. main.ts
 * runs it on the process's terminal; a test runs it in-process on a terminal
 * of its own.
 */
import { type Invocation, langOfArgs, parseCommandLine } from "../options/cli.ts";
import { createReporter } from "../display/reporter.ts";
import { EXIT, MalformedReply, NetworkError, Unanswered, UsageError } from "../errors.ts";
import { FrameError } from "../framing/frame_error.ts";
import type { Terminal } from "../display/terminal.ts";
import type { Context } from "../core/context.ts";
import { type Lang, langOfLocale, type Said, said, sayIn, saying } from "../i18n/say.ts";
import { runCommand } from "./mod.ts";

/** The exit code of a bug of ours (BSD's EX_SOFTWARE). */
const INTERNAL = 70;

/** What the command line runs with: a terminal, and the language when argv gives no --lang. */
export type CommandLineContext = Omit<Context, "lang"> & {
  terminal: Terminal;
  /** Default: the locale's (LC_ALL, LC_MESSAGES, LANG). */
  lang?: Lang;
};

/** Runs framecat with these arguments at `ctx.terminal`; resolves to the exit code. */
export async function runCommandLine(argv: string[], ctx: CommandLineContext): Promise<number> {
  const { terminal } = ctx;
  const write = (to: "stdout" | "stderr") => (text: string) =>
    terminal.write(terminal[to], new TextEncoder().encode(text));
  // A refusal while parsing is said in the --lang it gives too, not only in the locale's.
  let lang = langOfArgs(argv, ctx.lang ?? langOfLocale((name) => Deno.env.get(name)));
  let invocation: Invocation | undefined;
  try {
    invocation = await parseCommandLine(argv, {
      writeOut: write("stdout"),
      writeErr: write("stderr"),
    }, lang);
    lang = invocation.lang;
    if (invocation.command === "none") return EXIT.ok;
    return await runCommand(invocation, { ...ctx, lang, argv });
  } catch (err) {
    terminal.flush(); // the events that led to the error come before it
    const [code, line] = failure(err);
    // A script reading --output json sees why the run ended: an `error` event on stdout too.
    // (A malformed frame has had its own, with where it broke.)
    const shown = invocation && "options" in invocation ? invocation.options : undefined;
    if (shown && "output" in shown && shown.output === "json" && !(err instanceof FrameError)) {
      createReporter({ terminal, lang }, shown)({ event: "error", ...saying(line) });
      terminal.flush();
    }
    write("stderr")(`framecat: ${sayIn(lang, line)}\n`);
    return code;
  } finally {
    // Events shown after the I/O that caused them must be out before we exit.
    terminal.flush();
  }
}

/** The exit code for `err`, and the sentence that says it. */
function failure(err: unknown): [number, Said] {
  if (err instanceof UsageError) return [EXIT.usage, err.said];
  if (err instanceof NetworkError) return [EXIT.network, err.said];
  if (err instanceof FrameError || err instanceof MalformedReply) return [EXIT.frame, err.said];
  if (err instanceof Unanswered) return [EXIT.expect, err.said];
  return [INTERNAL, said("error.internal", { error: Deno.inspect(err) })];
}

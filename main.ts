/**
 * framecat on the command line: the core (lib/commands) run on this
 * process's terminal. The only place that calls Deno.exit; everything below
 * throws typed errors or resolves to an exit code.
 */
import { runCommandLine } from "./lib/commands/command_line.ts";
import { processTerminal } from "./lib/display/terminal.ts";
import { EXIT } from "./lib/errors.ts";

if (import.meta.main) {
  // Whoever read our output is gone (`framecat … | head`): stop quietly, as nc does on SIGPIPE.
  const terminal = processTerminal(() => Deno.exit(EXIT.ok));
  // Nothing but Ctrl-C stops a command on the command line: the terminal says when.
  const signal = new AbortController().signal;
  Deno.exit(await runCommandLine(Deno.args, { terminal, signal }));
}

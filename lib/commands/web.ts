/**
 * framecat web: the local workspace. Prints the page's address with its
 * token (the only line that ever shows the token), then serves until Ctrl-C,
 * stopping every session on the way out. `COMMAND --web ADDR` serves the same
 * page around that one command.
 */
import type { Emit } from "../events/types.ts";
import { createReporter } from "../display/reporter.ts";
import { isLoopback, type NetEndpoint } from "../transport/endpoint.ts";
import type { Lang, WebOptions } from "../options/types.ts";
import { type Runnable, type Runner, Session } from "../web/session.ts";
import { Sessions } from "../web/sessions.ts";
import { startWebServer, type WebServer } from "../web/server.ts";
import { onInterrupt } from "./interrupt.ts";
import type { Context } from "../core/context.ts";
import { said, saying } from "../i18n/say.ts";
import { SharedKeyboard } from "../display/shared_keyboard.ts";

export async function web(options: WebOptions, ctx: Context, run: Runner): Promise<number> {
  const emit = createReporter(ctx, { output: options.output });
  const sessions = new Sessions(run);
  const server = await openPage(options.address, sessions, emit, ctx.lang);
  await interrupted(ctx);
  await sessions.stopAll();
  await server.shutdown();
  emit({ event: "stats", kind: "web", sessions: sessions.list().length });
  return 0;
}

/** Runs one command as it would run alone, with the page watching it. */
export async function runWithWeb(inv: Runnable, ctx: Context, run: Runner): Promise<number> {
  const ep = inv.options.web!;
  const sessions = new Sessions(run);
  const json = inv.options.output === "json";
  const emit = createReporter(ctx, { ...inv.options, output: json ? "json" : "text" });
  // An `info`, not a `listening`: the command's own `listening` event still names its port alone.
  const server = await openPage(ep, sessions, emit, ctx.lang, "info");
  const alone = { ...inv, options: { ...inv.options, web: undefined } } as Runnable;
  // The command keeps the terminal (its output, stdin, Ctrl-C) and is stopped with us.
  const argv = ctx.argv ? typedArgv(ctx.argv, inv.command) : [inv.command];
  // Each run of the command (a Restart is one more) reads the terminal's stdin through a view.
  const stdin = ctx.terminal?.stdin;
  if (ctx.terminal && stdin) ctx.terminal.streams.stdin = new SharedKeyboard(stdin);
  // Ctrl-C stops the run that holds the terminal, and a run a Restart starts after it at once
  // (one pressed while a Restart stops the run before would reach that run alone).
  const interrupt = new AbortController();
  using _ = onInterrupt(ctx, () => interrupt.abort());
  const stopped = AbortSignal.any([ctx.signal, interrupt.signal]);
  let session = new Session("1", argv, alone, run, ctx.terminal, stopped);
  sessions.add(session);
  // A demo is over in a second, a check in a minute: the page stays, to be stepped through or to
  // show the check's table and its failed conversations, until Ctrl-C.
  const lingers = inv.command === "demo" || inv.command === "check";
  try {
    // The page's Restart stops the command and starts it again in its place, on this terminal:
    // the command line goes on with the run that holds its id (its Stop, or Ctrl-C, ends it).
    while (true) {
      await session.done;
      // A restart under way (one whose run stopped late has started the next already).
      await sessions.restarting(session.id)?.catch(() => undefined);
      const current = sessions.get(session.id);
      if (current !== undefined && current !== session) {
        session = current;
        continue;
      }
      if (!lingers || session.state !== "stopped" || interrupt.signal.aborted) break;
      emit({
        event: "info",
        kind: "note",
        ...saying(said(inv.command === "demo" ? "web.demo_over" : "web.check_over")),
      });
      await sessions.nextRestart(interrupt.signal);
      if (interrupt.signal.aborted) break;
    }
  } finally {
    await server.shutdown();
  }
  if (session.failure !== undefined) throw session.failure;
  return session.exitCode ?? 0;
}

/**
 * The command line as typed, as the page shows a session's (and a Restart starts it again):
 * the command first (the page knows a session by it), what was given before it (`--lang zh`)
 * after its options, and without `--web ADDR` and `--web-public`, which are the page's own.
 * After a `--` every word is an argument, kept as it is.
 */
export function typedArgv(argv: readonly string[], command: string): string[] {
  const at = argv.indexOf(command);
  if (at < 0) return [command];
  const rest = argv.slice(at + 1);
  const end = rest.includes("--") ? rest.indexOf("--") : rest.length;
  const options: string[] = [];
  const own = [...rest.slice(0, end), ...argv.slice(0, at)];
  for (let i = 0; i < own.length; i++) {
    if (own[i] === "--web") i++; // and its address
    else if (!own[i].startsWith("--web=") && own[i] !== "--web-public") options.push(own[i]);
  }
  return [command, ...options, ...rest.slice(end)];
}

/** Resolves on Ctrl-C (or SIGTERM). */
async function interrupted(ctx: Context): Promise<void> {
  const stopped = Promise.withResolvers<void>();
  using _ = onInterrupt(ctx, () => stopped.resolve());
  await stopped.promise;
}

/** Serves the page and prints its address, with `url` and `token` as fields. */
async function openPage(
  ep: NetEndpoint,
  sessions: Sessions,
  emit: Emit,
  lang: Lang,
  event: "listening" | "info" = "listening",
): Promise<WebServer> {
  const server = await startWebServer(ep, sessions, emit, lang);
  const page = {
    url: server.url,
    token: server.token,
    ...saying(said("web.open", { url: server.url })),
  };
  if (event === "info") emit({ event, kind: "page", ...page });
  else emit({ event, address: server.address, port: server.port, ...page });
  if (!isLoopback(ep.host)) {
    emit({
      event: "info",
      kind: "warning",
      warning: true,
      ...saying(said("web.public", { host: ep.host })),
    });
  }
  return server;
}

/**
 * framecat demo: the classroom reproductions. No name lists them; a name (or
 * `all`) runs them on loopback and shows the timeline and the narration, or
 * with --output json the events underneath.
 */
import { createReporter } from "../display/reporter.ts";
import type { Terminal } from "../display/terminal.ts";
import type { Context } from "../core/context.ts";
import { EXIT } from "../errors.ts";
import { chooseDemos, DEMOS } from "../demo/catalog.ts";
import { demoKey, translator } from "../demo/i18n.ts";
import { runDemo } from "../demo/run.ts";
import { pad, wantsColor, wrap } from "../demo/text.ts";
import type { DemoOptions } from "../options/types.ts";

/** Width of the text when stdout is not a terminal, and the most used when it is. */
const PAGE_WIDTH = 100;
const MIN_WIDTH = 60;

export async function demo(options: DemoOptions, ctx: Context): Promise<number> {
  if (options.name === undefined) return listDemos(options, ctx);
  const demos = chooseDemos(options.name);
  const json = options.output === "json";
  const out = json ? undefined : ctx.terminal?.stdout;
  const run = {
    lang: options.lang,
    encoding: options.encoding,
    // `demo NAME --web`: the terminal shows the timeline, the page gets the events.
    emit: json ? createReporter(ctx, options) : ctx.emit,
    out,
    color: out !== undefined && wantsColor(out),
    width: pageWidth(ctx.terminal),
  };
  try {
    for (const chosen of demos) await runDemo(chosen, run);
  } catch (err) {
    // `framecat demo all | head`: the reader has seen enough.
    if (err instanceof Deno.errors.BrokenPipe) return EXIT.ok;
    throw err;
  }
  return EXIT.ok;
}

/** One line per demo; `info` events with --output json. */
function listDemos(options: DemoOptions, ctx: Context): number {
  const t = translator(options.lang);
  if (options.output === "json") {
    const emit = createReporter(ctx, options);
    for (const d of DEMOS) {
      emit({ event: "info", kind: "note", demo: d.name, message: t(demoKey(d.name, "summary")) });
    }
    return EXIT.ok;
  }
  // Fitted to the window, as the demos are: a summary goes on under itself, never mid-word.
  // Into a pipe (grep) each demo stays one line.
  const page = ctx.terminal?.stdout.isTerminal?.() ? pageWidth(ctx.terminal) : Infinity;
  const width = Math.max(...DEMOS.map((d) => d.name.length)) + 2;
  const under = " ".repeat(2 + width);
  const lines = DEMOS.flatMap((d) => {
    const [first, ...rest] = wrap(t(demoKey(d.name, "summary")), page - under.length);
    return [`  ${pad(d.name, width)}${first ?? ""}`, ...rest.map((line) => under + line)];
  });
  const text = [...wrap(t("list.header"), page), ...lines].join("\n") + "\n";
  ctx.terminal?.write(ctx.terminal.stdout, new TextEncoder().encode(text));
  return EXIT.ok;
}

function pageWidth(terminal?: Terminal): number {
  const columns = terminal?.stdout.isTerminal?.() ? terminal.columns() : undefined;
  return columns === undefined ? PAGE_WIDTH : Math.max(MIN_WIDTH, Math.min(PAGE_WIDTH, columns));
}

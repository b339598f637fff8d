/**
 * framecat demo: the classroom reproductions. No name lists them; a name (or
 * `all`) runs them on loopback and shows the timeline and the narration, or
 * with --output json the events underneath.
 */
import { createReporter } from "../display/reporter.ts";
import { currentSession } from "../session.ts";
import { EXIT } from "../errors.ts";
import { chooseDemos, DEMOS } from "../demo/catalog.ts";
import { demoKey, translator } from "../demo/i18n.ts";
import { runDemo } from "../demo/run.ts";
import { pad, wantsColor } from "../demo/text.ts";
import type { DemoOptions } from "../options/types.ts";

/** Width of the text when stdout is not a terminal, and the most used when it is. */
const PAGE_WIDTH = 100;
const MIN_WIDTH = 60;

export async function demo(options: DemoOptions): Promise<number> {
  if (options.name === undefined) return listDemos(options);
  const demos = chooseDemos(options.name);
  const json = options.output === "json";
  const run = {
    lang: options.lang,
    encoding: options.encoding,
    // `demo NAME --web`: the terminal shows the timeline, the page gets the events.
    emit: json ? createReporter(options) : currentSession()?.emit,
    out: json ? undefined : Deno.stdout,
    color: !json && wantsColor(Deno.stdout),
    width: pageWidth(),
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
function listDemos(options: DemoOptions): number {
  const t = translator(options.lang);
  if (options.output === "json") {
    const emit = createReporter(options);
    for (const d of DEMOS) {
      emit({ event: "info", demo: d.name, message: t(demoKey(d.name, "summary")) });
    }
    return EXIT.ok;
  }
  const width = Math.max(...DEMOS.map((d) => d.name.length)) + 2;
  const lines = DEMOS.map((d) => `  ${pad(d.name, width)}${t(demoKey(d.name, "summary"))}`);
  console.log([t("list.header"), ...lines].join("\n"));
  return EXIT.ok;
}

function pageWidth(): number {
  if (!Deno.stdout.isTerminal()) return PAGE_WIDTH;
  return Math.max(MIN_WIDTH, Math.min(PAGE_WIDTH, Deno.consoleSize().columns));
}

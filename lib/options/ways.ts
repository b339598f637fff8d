/** `--ways`: the ways of framecat check to run, checked while read. */
import { CHECK_WAYS } from "../events/choices.ts";
import type { CheckWay } from "../events/types.ts";
import { UsageError } from "../errors.ts";
import { listed, said } from "../i18n/say.ts";

/** `plain,stuck` as the ways it names (each once, in the order written). */
export function parseWays(text: string): CheckWay[] {
  const words = text.split(",").map((w) => w.trim()).filter((w) => w !== "");
  const bad = words.find((w) => !(CHECK_WAYS as readonly string[]).includes(w));
  if (bad !== undefined || words.length === 0) {
    throw new UsageError(said("usage.ways", { value: text, ways: listed(CHECK_WAYS) }));
  }
  return [...new Set(words as CheckWay[])];
}

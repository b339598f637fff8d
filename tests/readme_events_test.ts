/** The README's list of events is the one made from `framecat schema` (deno fmt may wrap it). */
import assert from "node:assert/strict";
import { eventsReadme } from "../scripts/events_readme.ts";

const README = new URL("../README.md", import.meta.url);
const words = (text: string) => text.replace(/\s+/g, " ").trim();

Deno.test("README: the events section lists every kind and field as the schema has them", async () => {
  const readme = await Deno.readTextFile(README);
  const shown = /<!-- events:begin[^>]*-->([\s\S]*?)<!-- events:end -->/.exec(readme);
  assert.ok(shown, "the README marks its events list");
  assert.equal(
    words(shown[1]),
    words(eventsReadme()),
    "run `deno run scripts/events_readme.ts` and paste its output",
  );
});

/** Every line of narration exists in both languages, with the same placeholders, and is used. */
import assert from "node:assert/strict";
import { DEMOS } from "../lib/demo/catalog.ts";
import { CATALOGUES, demoKey } from "../lib/demo/i18n.ts";
import { runDemo } from "../lib/demo/run.ts";
import { LANGS } from "../lib/options/types.ts";

const placeholders = (line: string) => [...line.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

Deno.test("the en and zh catalogues have the same keys and placeholders", () => {
  const { en, zh } = CATALOGUES;
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const [key, line] of Object.entries(en) as [keyof typeof en, string][]) {
    assert.ok(line.trim() !== "" && zh[key].trim() !== "", `${key} is empty`);
    assert.deepEqual(placeholders(zh[key]), placeholders(line), `placeholders of ${key}`);
  }
});

Deno.test("every demo has a summary, and a heading and explanation per phase", () => {
  for (const demo of DEMOS) {
    demoKey(demo.name, "summary");
    for (const phase of demo.phases) {
      demoKey(demo.name, phase.id, "heading");
      demoKey(demo.name, phase.id, "explain");
    }
  }
});

Deno.test("every other line of the catalogue is used by the code", async () => {
  const dirs = [
    new URL("../lib/demo/", import.meta.url),
    new URL("../lib/commands/", import.meta.url),
  ];
  let code = "";
  for (const dir of dirs) {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.endsWith(".ts") && !entry.name.startsWith("messages_")) {
        code += await Deno.readTextFile(new URL(entry.name, dir));
      }
    }
  }
  const demoLines = new Set(
    DEMOS.flatMap((d) => [`${d.name}.summary`, ...d.phases.map((p) => `${d.name}.${p.id}.`)]),
  );
  for (const key of Object.keys(CATALOGUES.en)) {
    if ([...demoLines].some((prefix) => key.startsWith(prefix))) continue;
    assert.ok(code.includes(`"${key}"`), `${key} is not used`);
  }
});

for (const lang of LANGS) {
  Deno.test(`every demo's page in ${lang} has all its figures filled in`, async () => {
    for (const demo of DEMOS) {
      let page = "";
      const decoder = new TextDecoder();
      const out = { writeSync: (p: Uint8Array) => (page += decoder.decode(p), p.length) };
      await runDemo(demo, { lang, out });
      assert.doesNotMatch(page, /\{\w+\}/, `${demo.name} left a placeholder`);
      assert.ok(page.includes(`== ${demo.name}:`));
    }
  });
}

/**
 * The web page is checked by `deno check` (the `check` task) like the rest of
 * framecat: every module the page loads asks for it (`// @ts-check`, without
 * which Deno would only read the file's types, never check them), and each
 * vendored library names its types. A new page module without the line
 * fails here.
 */
import assert from "node:assert/strict";

const PAGE = new URL("../lib/web/page/", import.meta.url);
const SHARED = new URL("../lib/shared/", import.meta.url);

/** The .js files directly in `dir`. */
async function modules(dir: URL): Promise<URL[]> {
  const found: URL[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".js")) found.push(new URL(entry.name, dir));
  }
  return found.sort((a, b) => a.href.localeCompare(b.href));
}

Deno.test("page: every module the page loads is type-checked (// @ts-check first)", async () => {
  const files = [...await modules(PAGE), ...await modules(SHARED)];
  assert.ok(files.length >= 15, `the page's modules are found (${files.length})`);
  const unchecked = [];
  for (const file of files) {
    const first = (await Deno.readTextFile(file)).split("\n", 1)[0];
    if (first.trim() !== "// @ts-check") unchecked.push(file.pathname);
  }
  assert.deepEqual(unchecked, [], "add // @ts-check as the first line");
});

Deno.test("page: each vendored library names its types for deno check", async () => {
  for (const file of await modules(new URL("vendor/", PAGE))) {
    const first = (await Deno.readTextFile(file)).split("\n", 1)[0];
    assert.match(first, /^\/\/ @ts-self-types="npm:(preact|htm)@[\d.]+(\/\w+)?"$/, file.pathname);
  }
});

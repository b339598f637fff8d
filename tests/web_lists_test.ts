/**
 * The page's lists (GET /api/lists) are the command line's own tables, and the
 * page keeps no copy of them: a demo, a framing or a behaviour added to
 * framecat reaches the form without touching the page.
 */
import assert from "node:assert/strict";
import { DEMOS } from "../lib/demo/catalog.ts";
import { checkEncoding } from "../lib/notation/text_encoding.ts";
import { parsePrefix } from "../lib/framing/prefix.ts";
import { FRAMINGS } from "../lib/framing/types.ts";
import { BEHAVIORS, CHECK_NAMES } from "../lib/options/tables.ts";
import { lists } from "../lib/web/lists.ts";
import { CHECKSUM_NAMES, parseChecksum } from "../lib/checksum/mod.ts";

Deno.test("web lists: framings, behaviours and every demo come from framecat's tables", () => {
  const all = lists();
  assert.deepEqual(all.framings, FRAMINGS);
  assert.deepEqual(all.behaviors, BEHAVIORS);
  assert.deepEqual(all.checks, CHECK_NAMES);
  assert.deepEqual(all.demos, DEMOS.map((d) => d.name));
  for (const name of ["multicast", "nagle"] as const) assert.ok(all.demos.includes(name), name);
  for (const label of all.encodings as string[]) checkEncoding(label);
  assert.equal(all.encodings[0], "utf-8");
});

Deno.test("web lists: the course's prefix comes first, named as the course's, and every choice parses", () => {
  const prefixes = lists().prefixes as { value: string; means: string; course?: boolean }[];
  assert.deepEqual(prefixes[0], { value: "i", means: "u32le", course: true });
  assert.equal(prefixes.filter((p) => p.course).length, 1);
  for (const p of prefixes) assert.equal(parsePrefix(p.value), p.means);
});

Deno.test("web lists: every checksum name, each one --checksum takes, with its check value", () => {
  const checksums = lists().checksums as { value: string; means: string; check: string }[];
  assert.deepEqual(checksums.map((c) => c.value), CHECKSUM_NAMES);
  for (const c of checksums) assert.equal(parseChecksum(c.value).algorithm.catalogue, c.means);
  assert.deepEqual(checksums[0], { value: "crc16-modbus", means: "CRC-16/MODBUS", check: "4B37" });
});

Deno.test("web lists: the page's scripts hold no copy of a list", async () => {
  const page = new URL("../lib/web/page/", import.meta.url);
  const copies = [
    ...DEMOS.map((d) => d.name),
    ...["u32be", "varint", "discard", "gb18030", "crc16-modbus", "crc32c"],
  ];
  for await (const entry of Deno.readDir(page)) {
    if (!entry.name.endsWith(".js")) continue;
    const source = await Deno.readTextFile(new URL(entry.name, page));
    for (const name of copies) {
      assert.ok(!source.includes(`"${name}"`), `${entry.name} lists "${name}" itself`);
    }
  }
});

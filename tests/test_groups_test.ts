/**
 * scripts/test_groups.ts: every test file of tests/ runs in the parallel pass, once: named in
 * the test:parallel task, or dealt into exactly one group.
 */
import assert from "node:assert/strict";
import { deal, namedInTask } from "../scripts/test_groups.ts";

Deno.test("test groups: each file is named in the task or in one group, and groups stay even", () => {
  const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  const named = namedInTask(config);
  assert.ok(named.includes("tests/readme_smoke_test.ts"), "the long files are named");
  for (const file of named) assert.ok(Deno.statSync(file).isFile, file);
  const files = [...Deno.readDirSync("tests")]
    .filter((e) => e.isFile && e.name.endsWith("_test.ts") && !named.includes(`tests/${e.name}`))
    .map((e) => ({ name: e.name, size: Deno.statSync(`tests/${e.name}`).size }));
  const groups = deal(files, 6);
  assert.equal(groups.length, 6);
  assert.deepEqual(groups.flat().sort(), files.map((f) => f.name).sort());
  const sizes = groups.map((g) =>
    g.reduce((sum, n) => sum + files.find((f) => f.name === n)!.size, 0)
  );
  const biggest = Math.max(...files.map((f) => f.size));
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= biggest, `even: ${sizes}`);
});

Deno.test("test groups: dealt biggest first to the smallest group; fewer files than groups", () => {
  const files = [5, 4, 3, 3, 1].map((size, i) => ({ name: `f${i}`, size }));
  assert.deepEqual(deal(files, 2), [["f0", "f3"], ["f1", "f2", "f4"]]); // 8 and 8
  assert.deepEqual(deal(files.slice(0, 1), 3), [["f0"]]);
});

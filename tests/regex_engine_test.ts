/**
 * RE2 (re2js) is loaded only by what reads patterns, before it reads them (lib/replies/pattern.ts):
 * each way a `/REGEX/` reaches framecat is tried in a process of its own, where nothing else has
 * loaded it, with a regex RE2 refuses, so the answer is RE2's reason, not framecat's bug.
 */
import assert from "node:assert/strict";
import { runFramecat } from "./helpers/cli.ts";

const REFUSED = /cannot read the pattern "\/\(\/": missing closing \)/i;

Deno.test("a /REGEX/ is read by RE2 from --reply, --replies, --expect-match and a check scenario, each in a fresh process", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc_re2_" });
  try {
    await Deno.writeTextFile(`${dir}/rules.txt`, "/(/ => x\n");
    await Deno.writeTextFile(
      `${dir}/scenario.json`,
      JSON.stringify({ steps: [{ send: "hi" }, { expect: "/(/" }] }),
    );
    const ways = [
      ["serve", "9", "--reply", "/(/ => x"],
      ["serve", "9", `--reply=/(/ => x`],
      ["serve", "9", "--replies", `${dir}/rules.txt`],
      ["connect", "9", "--send", "hi", "--expect-match", "/(/"],
      ["check", `${dir}/scenario.json`, "127.0.0.1:9"],
    ];
    const results = await Promise.all(ways.map((args) => runFramecat(args, { process: true })));
    for (const [i, r] of results.entries()) {
      const what = ways[i].join(" ");
      assert.equal(r.code, 2, `${what}: ${r.stderr}`);
      assert.match(r.stderr, REFUSED, what);
      assert.doesNotMatch(r.stderr, /internal error|RE2 is not loaded/, what);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

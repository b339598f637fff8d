/**
 * RE2 (re2js), strftime and iconv-lite are loaded only by what needs them, before it needs them
 * (lib/options/cli.ts): each way they are reached is tried in a framecat process of its own,
 * where nothing else has loaded them, so a missed way is framecat's "not loaded" bug, not a pass.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { readBytes, writeAll } from "./helpers/net.ts";

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
      assert.doesNotMatch(r.stderr, /internal error|not loaded/, what);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** One message to a fresh server process, and what came back (until `size` bytes). */
async function ask(args: string[], message: Uint8Array, size: number): Promise<Uint8Array> {
  const { framecat, port } = await Framecat.listening(
    ["serve", "127.0.0.1:0", ...args, "--output", "json"],
    { process: true },
  );
  await using _ = framecat;
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(conn, message);
  const reply = await readBytes(conn, size, 5_000);
  assert.doesNotMatch(framecat.stderr, /internal error|not loaded/);
  return reply;
}

Deno.test("the time behaviour, a reply's {time} and --encoding gbk each work in a fresh process", async () => {
  const year = `${new Date().getFullYear()}`;
  const ascii = (s: string) => new TextEncoder().encode(s);
  const [time, rule, gbk] = await Promise.all([
    ask(["--behavior", "time"], ascii("%Y\n"), 5),
    ask(["--reply", "* => {time:%Y}"], ascii("x\n"), 4),
    // 你 in GBK, then "a": upper writes its reply back in GBK.
    ask(["--encoding", "gbk", "--behavior", "upper"], Uint8Array.of(0xc4, 0xe3, 0x61, 0x0a), 4),
  ]);
  assert.equal(new TextDecoder().decode(time), `${year}\n`);
  assert.equal(new TextDecoder().decode(rule), year);
  assert.deepEqual([...gbk], [0xc4, 0xe3, 0x41, 0x0a]);
});

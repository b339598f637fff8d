/**
 * A relay whose target refuses says why once per connection: it used to say
 * the whole error twice, in its `error` line and again in its `closed` line.
 * The JSON events still carry the cause in both.
 */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { readToEnd, refusedPort } from "./helpers/net.ts";
import { startRelay } from "./relay_helpers.ts";

const UNRELAYED =
  /stats \(tcp relay\): 0 connections relayed, 1 not \(the target could not be reached\);/;
const CASES = [
  {
    args: [],
    refused: "Connection refused",
    closed: "closed #1 without reaching the target",
    stats: UNRELAYED,
  },
  {
    args: ["-v"],
    refused: "Connection refused",
    closed: "closed #1 without reaching the target",
    stats: UNRELAYED,
  },
  {
    args: ["--lang", "zh"],
    refused: "连接被拒绝",
    closed: "关闭 #1：没能连上目标",
    stats: /统计（TCP 中继）：转发了 0 个连接，另有 1 个没能连上目标；/,
  },
];

/** Times `needle` occurs in `haystack`. */
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

for (const { args, refused, closed, stats } of CASES) {
  Deno.test(`relay ${args.join(" ") || "(text)"} to a target that refuses: the cause is said once, then the close`, async () => {
    await using relay = new Framecat([
      "relay",
      "127.0.0.1:0",
      `127.0.0.1:${await refusedPort()}`,
      ...args,
    ]);
    const [, port] = await relay.waitFor(
      // The first address said is the one it listens on.
      () => /127\.0\.0\.1:(\d+)/.exec(relay.stderr) ?? undefined,
      10_000,
      "the listening line",
    );
    using conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    assert.equal((await readToEnd(conn)).length, 0);
    const shown = await relay.waitFor(
      () => /(closed|关闭) #1[^\n]*\n/.test(relay.stderr) && relay.stderr,
      10_000,
      "the closed line",
    );
    assert.equal(count(shown, refused), 1, shown);
    const lines = shown.split("\n").filter((l) => l.includes(refused) || l.includes(closed));
    assert.equal(lines.length, 2, shown);
    assert.ok(lines[0].includes(refused) && lines[1].includes(closed), shown);
    // Its stats count the connection it could not relay, not "0 connections" alone.
    await relay.stop();
    assert.match(relay.stderr, stats);
  });
}

Deno.test("relay --output json to a target that refuses: the error and the closed event both tell the cause", async () => {
  const { relay, port } = await startRelay(`127.0.0.1:${await refusedPort()}`, []);
  await using _ = relay;
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  assert.equal((await readToEnd(conn)).length, 0);
  const closed = await relay.waitFor((evs) => evs.find((e) => e.event === "closed"));
  const [error] = relay.of("error");
  assert.match(error.message, /^Cannot connect to tcp:\/\/127\.0\.0\.1:\d+: Connection refused/);
  assert.equal(closed.reason, "error");
  assert.equal(closed.side, "target");
  assert.equal(closed.message, `target: ${error.message}`);
});

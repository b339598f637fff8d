/**
 * framecat check blames a way's cutting (粘包, 拆包) only on what shows it:
 * replies that ran together, came cut, or fewer than the messages once the
 * rest were waited for. A line server whose counter runs across connections
 * answers the stuck way's two messages with two whole lines, the first of
 * another value: that is a wrong reply ("PONG 2" where "PONG 1" was
 * expected), in English and in Chinese, and the check waits for the second
 * reply before it closes. Made-up facts hold the rule for each kind of
 * evidence.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { check, conversation, startClass } from "./check_helpers.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { EXIT } from "../lib/errors.ts";
import { diagnose, type Facts } from "../lib/check/diagnose.ts";
import { exactly, pattern } from "../lib/check/expectations.ts";
import { loadRegexEngine } from "../lib/replies/pattern.ts";
import { explain } from "../lib/check/explain.ts";
import { sayIn } from "../lib/i18n/say.ts";

// What framecat loads before it reads patterns (the command line, the page, check).
await loadRegexEngine();

/** The tester's protocol: a counted PONG, then an upper-cased line. */
const PROTOCOL = {
  framing: "line",
  steps: [
    { send: "PING" },
    { expect: "PONG 1", within: 1000 },
    { send: "hi" },
    { expect: "/^HI$/" },
    { close: true },
  ],
};

/** framecat's line upper-caser, PING answered with a counter that runs across connections. */
function counting(...more: string[]): Promise<{ framecat: Framecat; port: number }> {
  return Framecat.serving(
    "--framing",
    "line",
    "--behavior",
    "upper",
    "--reply",
    "PING => PONG {counter}",
    ...more,
  );
}

/** The scenario in a file of a temporary folder. */
async function scenario(doc: unknown = PROTOCOL): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "framecat_whole_" });
  const path = `${dir}/proto.json`;
  await Deno.writeTextFile(path, JSON.stringify(doc));
  return { path, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("check: whole lines of another value in the stuck way are a wrong reply, not 粘包, in English and Chinese", async () => {
  await using file = await scenario();
  // One server per language: the second connection of each gets PONG 2.
  const [en, zh] = await Promise.all([counting(), counting()]);
  await using _en = en.framecat;
  await using _zh = zh.framecat;
  const ways = ["--ways", "plain,stuck"];
  const [english, chinese] = await Promise.all([
    check([file.path, `${en.port}`, ...ways, "--lang", "en"]),
    check([file.path, `${zh.port}`, ...ways, "--lang", "zh"]),
  ]);
  for (const [run, port] of [[english, en.port], [chinese, zh.port]] as const) {
    strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
    deepStrictEqual(run.table(), { [port]: { plain: "pass", stuck: "fail" } });
    strictEqual(run.of(port, "stuck").failure, "wrong");
  }
  strictEqual(
    english.of(en.port, "stuck").message,
    'sent "PING" and "hi" back to back, in one segment; the server answered "PONG 2" where "PONG 1" was expected: its reply is not the one the protocol asks for.',
  );
  strictEqual(
    chinese.of(zh.port, "stuck").message,
    '发送了 "PING" 和 "hi"，连着发出，在同一个 TCP 报文段里；服务端回的是 "PONG 2"，应该是 "PONG 1"：它的回复不是协议要求的内容。',
  );
});

Deno.test("check: after a wrong reply the stuck way waits for the rest before it closes, and tells what came", async () => {
  await using file = await scenario();
  // The second reply leaves 300 ms after the first: a check that closed at once would not see it.
  const { framecat, port } = await counting("--reply", "hi => HI; delay=300");
  await using _ = framecat;
  const run = await check([file.path, `${port}`, "--ways", "plain,stuck", "--lang", "en"]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  const stuck = run.of(port, "stuck");
  strictEqual(stuck.failure, "wrong", stuck.message);
  match(stuck.message, /the server answered "PONG 2" where "PONG 1" was expected/);
  const kept = conversation(stuck);
  deepStrictEqual(eventsOf(kept, "frame").map((e) => e.text), ["PONG 2", "HI"]);
  const pong = eventsOf(kept, "frame")[0];
  const [closed] = eventsOf(kept, "closed");
  ok(closed, JSON.stringify(kept));
  const waited = Date.parse(closed.ts) - Date.parse(pong.ts);
  ok(waited >= 250, `closed ${waited} ms after the first reply`);
});

Deno.test("check: a naive line server answers a split line in pieces, whole lines each: still 拆包, the pieces counted", async () => {
  // Patterns, not exact replies: only the pieces that came after the first show the cut.
  await using file = await scenario({
    framing: "line",
    ways: ["plain", "stuck", "split"],
    steps: [{ send: "hello" }, { expect: "/^HELLO$/" }, { send: "world" }, { expect: "/^WORLD$/" }],
  });
  await using cls = await startClass(["line-naive"]);
  const [port] = cls.ports;
  const run = await check([file.path, `${port}`, "--lang", "en"]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  // Two lines in one recv() come back as two lines: stuck passes; one line in many reads does not.
  deepStrictEqual(run.table(), { [port]: { plain: "pass", stuck: "pass", split: "fail" } });
  const split = run.of(port, "split");
  strictEqual(split.failure, "splitting", split.message);
  match(
    split.message,
    /^sent "hello", every byte in a segment of its own; the server answered \d+ times, "H", "E", .*\(拆包\)/,
  );
});

/** A stuck exchange of PING and hi whose first reply was not "PONG 1". */
function stuckFacts(wrong: string, rest: Facts["rest"], expected = exactly("PONG 1")): Facts {
  const bytes = (text: string) => new TextEncoder().encode(text);
  return {
    way: "stuck",
    datagram: false,
    sendFraming: "line",
    plainPassed: true,
    sent: [bytes("PING"), bytes("hi")],
    replies: [bytes(wrong)],
    expect: expected,
    wrong: bytes(wrong),
    within: 1000,
    rest,
  };
}

function told(f: Facts): { kind: string; en: string } {
  const d = diagnose(f);
  return { kind: d.kind, en: sayIn("en", explain(d, { ...f, encoding: "utf-8" })) };
}

Deno.test("a wrong framed reply is blamed on the cutting only when the replies show it", () => {
  const hi = new TextEncoder().encode("HI");
  // Whole, as many as the messages: another value.
  strictEqual(told(stuckFacts("PONG 2", { replies: [hi], taken: 1 })).kind, "wrong");
  strictEqual(
    told(stuckFacts("PONG 2", { replies: [hi], taken: 1 }, pattern("/^PONG 1$/"))).kind,
    "wrong",
  );
  // Fewer replies than messages once the rest were waited for: one answer to both.
  const fewer = told(stuckFacts("PONG 2", { replies: [], taken: 0, ending: "timeout" }));
  strictEqual(fewer.kind, "sticking");
  match(fewer.en, /the server answered once, "PONG 2", then nothing more within 1 s: .*\(粘包\)/);
  // A reply that holds the one expected and more: they ran together.
  strictEqual(told(stuckFacts("PONG 1HI", { replies: [hi], taken: 1 })).kind, "sticking");
  strictEqual(
    told(stuckFacts("PONG 1 HI", { replies: [hi], taken: 1 }, pattern("/^PONG \\d$/"))).kind,
    "sticking",
  );
  // Split: a piece of the reply expected, or the pieces one after another, is 拆包.
  const split = (f: Facts): Facts => ({ ...f, way: "split", sent: [f.sent[0]] });
  strictEqual(told(split(stuckFacts("PON", { replies: [], taken: 0 }))).kind, "splitting");
  const after = (...texts: string[]) => texts.map((t) => new TextEncoder().encode(t));
  const pattern1 = pattern("/^PONG \\d$/");
  const pieces = stuckFacts("PO", { replies: after("NG", " 1"), taken: 2 }, pattern1);
  strictEqual(told(split(pieces)).kind, "splitting");
  const unasked = stuckFacts("P", { replies: after("O"), taken: 0 }, pattern1);
  strictEqual(told(split(unasked)).kind, "splitting");
  match(told(split(unasked)).en, /the server answered 2 times, "P", "O": .*\(拆包\)/);
  strictEqual(told(split(stuckFacts("PONG 2", { replies: [], taken: 0 }))).kind, "wrong");
  // A piece is not sticking: in the stuck way a shorter value is another value.
  strictEqual(told(stuckFacts("PONG", { replies: [hi], taken: 1 })).kind, "wrong");
});

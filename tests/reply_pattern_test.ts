/**
 * Reply-rule patterns, responses and rules, in memory: every kind of match,
 * the captures each gives, placeholders, and every mistake refused when the
 * rule is read, in one line that quotes it.
 */
import assert from "node:assert/strict";
import { loadRegexEngine, parsePattern } from "../lib/replies/pattern.ts";
import { parseResponse } from "../lib/replies/response.ts";
import { parseRule } from "../lib/replies/rule.ts";
import { RuleBook } from "../lib/replies/book.ts";
import { UsageError } from "../lib/errors.ts";
import { parseHex } from "../lib/notation/hex.ts";
import { loadEncoders } from "../lib/notation/text_encoding.ts";
import { loadTimeFormat } from "../lib/notation/time_format.ts";

// What the command line loads first when it is asked for (lib/options/cli.ts).
await Promise.all([loadEncoders(), loadTimeFormat()]);

// What framecat loads before it reads patterns (the command line, the page, check).
await loadRegexEngine();

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
/** The captures as text, or undefined for no match. */
const caught = (pattern: string, message: string | Uint8Array) =>
  parsePattern(pattern).match(typeof message === "string" ? enc(message) : message)?.map(dec);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    assert.ok(!err.message.includes("\n"));
    return err.message;
  }
  assert.fail("not refused");
}

Deno.test("patterns: exact, prefix, contains, text:, * — on whole messages, with escapes", () => {
  assert.deepEqual(caught("PING", "PING"), ["PING"]);
  assert.equal(caught("PING", "PING\n"), undefined);
  assert.deepEqual(caught("PING\\r\\n", "PING\r\n"), ["PING\r\n"]);
  assert.deepEqual(caught("prefix:GET ", "GET /x"), ["GET /x"]);
  assert.equal(caught("prefix:GET ", "PUT /x"), undefined);
  assert.deepEqual(caught("contains:\\x00\\xff", Uint8Array.of(1, 0, 255, 2)), [
    "\x01\x00\ufffd\x02",
  ]);
  assert.equal(caught("contains:abc", "ab"), undefined);
  assert.deepEqual(caught("*", ""), [""]);
  assert.deepEqual(caught("text:*", "*"), ["*"]);
  assert.equal(caught("text:*", "x"), undefined);
  assert.deepEqual(caught("text:hex:01", "hex:01"), ["hex:01"]);
  // TEXT in the encoding: the bytes of 你好 in gbk.
  const gbk = parsePattern("你好", "gbk");
  assert.ok(gbk.match(Uint8Array.of(0xc4, 0xe3, 0xba, 0xc3)));
});

Deno.test("patterns: a regex searches the text and captures its groups", () => {
  assert.deepEqual(caught("/^GET (\\S+) HTTP\\/1\\.(\\d)/", "GET /a HTTP/1.1\r\n"), [
    "GET /a HTTP/1.1\r\n",
    "/a",
    "1",
  ]);
  assert.deepEqual(caught("/temp=(\\d+)/i", "TEMP=42;"), ["TEMP=42;", "42"]);
  assert.equal(caught("/^x$/", "xx"), undefined);
  assert.equal(parsePattern("/(a)(b)?(?:c)/").captures, 2);
  // An optional group that did not take part is empty.
  assert.deepEqual(caught("/(a)(b)?/", "a"), ["a", "a", ""]);
  // A slash inside a class or escaped does not end it.
  assert.deepEqual(caught("/[/]x\\/y/", "/x/y"), ["/x/y"]);
});

Deno.test("patterns: hex with ?? and *, matched without backtracking, captured in order", () => {
  const poll = parseHex("01 03 00 00 00 02 C4 0B");
  assert.deepEqual(parsePattern("hex:01 03 *").match(poll)?.map((c) => c.toHex()), [
    "010300000002c40b",
    "00000002c40b",
  ]);
  assert.deepEqual(parsePattern("hex:01 ?? 00 00 * C4 ??").match(poll)?.map((c) => c.toHex()), [
    "010300000002c40b",
    "03",
    "0002",
    "0b",
  ]);
  assert.equal(parsePattern("hex:01 04 *").match(poll), undefined);
  assert.equal(
    parsePattern("hex:01 03").match(poll),
    undefined,
    "hex without * is the whole message",
  );
  assert.ok(parsePattern("hex:010300000002C40B").match(poll));
  // Each * takes the shortest run that lets the rest match; the last takes what is left.
  assert.deepEqual(
    parsePattern("hex:* 00 *").match(parseHex("01 00 02 00 03"))?.map((c) => c.toHex()),
    [
      "0100020003",
      "01",
      "020003",
    ],
  );
  assert.ok(parsePattern("hex:*").match(new Uint8Array(0)));
  assert.equal(parsePattern("hex:01 * 01").match(Uint8Array.of(1)), undefined, "no overlap");
});

Deno.test("patterns: mistakes are refused where they are", () => {
  assert.match(refusal(() => parsePattern("hex:01 0 *")), /"0" has an odd number of digits/);
  assert.match(refusal(() => parsePattern("/(/")), /Cannot read the pattern "\/\(\/": /);
  assert.match(
    refusal(() => parsePattern("/abc")),
    /a regex ends with \/ \(write text:\/abc for text\)/,
  );
  assert.match(
    refusal(() => parsePattern("/a/g")),
    /"g" is no flag here; the flags are i, m, s, u, v/,
  );
  assert.match(refusal(() => parsePattern("a\\qb")), /Cannot read the escape "\\q" at character 2/);
});

const answer = (captures: string[], counter = 1) => ({
  captures: captures.map(enc),
  counter,
  peer: "127.0.0.1:5020",
  now: new Date(2024, 0, 2, 3, 4, 5),
});

Deno.test("responses: text with escapes, hex, $N, {counter}, {peer}, {time:…}", () => {
  const text = parseResponse("got $1 #{counter} from {peer} at {time:%H:%M:%S}\\r\\n", 1);
  assert.equal(
    dec(text.fill(answer(["x=7", "7"], 3), 1000)),
    "got 7 #3 from 127.0.0.1:5020 at 03:04:05\r\n",
  );
  assert.equal(
    dec(parseResponse('{"ok":true, "cost": $$5}', 0).fill(answer(["m"]), 100)),
    '{"ok":true, "cost": $5}',
  );
  assert.equal(dec(parseResponse("[$0]", 0).fill(answer(["whole"]), 100)), "[whole]");
  const hex = parseResponse("hex:01 03 04 $1 00 2A", 1);
  assert.equal(
    hex.fill({ ...answer([]), captures: [new Uint8Array(0), Uint8Array.of(0xbe, 0xef)] }, 100)
      .toHex(),
    "010304beef002a",
  );
  assert.equal(parseResponse("hex:", 0).fill(answer([""]), 100).length, 0);
  assert.throws(() => parseResponse("$0$0", 0).fill(answer(["abc"]), 5), RangeError);
  assert.match(
    refusal(() => parseResponse("x $2", 1)),
    /Cannot use \$2 in "x \$2": the pattern captures \$1 to \$1/,
  );
  assert.match(
    refusal(() => parseResponse("x $1", 0)),
    /captures nothing \(\$0 is the whole message\)/,
  );
  assert.match(refusal(() => parseResponse("hex:01 0", 0)), /"0" has an odd number/);
  assert.match(refusal(() => parseResponse("hex:$$", 0)), /a hex response writes \$ as 24/);
});

Deno.test("rules: MATCH => RESPONSE ; delay ; times, and mistakes quoted whole", () => {
  const rule = parseRule("hex:01 03 * => hex:01 03 04 00 2A 00 2B ; delay=250ms; times=2");
  assert.equal(rule.delay, 250);
  assert.equal(rule.times, 2);
  assert.equal(rule.pattern.kind, "hex");
  assert.equal(parseRule("/a=>b/ => c").pattern.source, "/a=>b/");
  assert.equal(parseRule("PING=>PONG").response.source, "PONG");
  assert.equal(parseRule("x => y ; delay=1.5s").delay, 1500);
  assert.match(
    refusal(() => parseRule("PING PONG")),
    /^Cannot use the rule "PING PONG": write MATCH => RESPONSE$/,
  );
  assert.match(
    refusal(() => parseRule("x => y ; dealy=5")),
    /Cannot use the rule "x => y ; dealy=5": "dealy" is no rule option/,
  );
  assert.match(
    refusal(() => parseRule("x => y ; times=0")),
    /times=0 must be a whole number, 1 or more/,
  );
  assert.match(refusal(() => parseRule("x => y ; delay=soon")), /delay=soon must be milliseconds/);
  // Written as every duration is: 1m is a minute (it was refused), past an hour is refused.
  assert.deepEqual(
    ["250", "250ms", "1.5s", "1m"].map((d) => parseRule(`x => y ; delay=${d}`).delay),
    [250, 250, 1500, 60_000],
  );
  assert.match(
    refusal(() => parseRule("x => y ; delay=2h")),
    /delay=2h must be milliseconds \(250, 250ms, 1\.5s or 1m\), at most 3600000/,
  );
  assert.match(refusal(() => parseRule(" => y")), /the MATCH before => is empty/);
  assert.match(
    refusal(() => parseRule("hex:01 0 => OK")),
    /^Cannot use the rule "hex:01 0 => OK": cannot read the hex "01 0": "0" has an odd number/,
  );
});

Deno.test("rule book: tried in order, times spends a rule, turned off, edited, removed", () => {
  const book = new RuleBook("utf-8", [
    parseRule("PING => first ; times=2"),
    parseRule("PING => second"),
    parseRule("* => any"),
  ]);
  const take = (m: string) => book.take(enc(m))?.entry.id;
  assert.deepEqual([take("PING"), take("PING"), take("PING"), take("other")], [1, 1, 2, 3]);
  assert.deepEqual(book.view().map((r) => r.hits), [2, 1, 1]);
  book.edit(2, { enabled: false });
  assert.equal(take("PING"), 3);
  book.edit(2, { source: "PING => changed", enabled: true });
  assert.deepEqual(book.view()[1], { rule: 2, source: "PING => changed", enabled: true, hits: 0 });
  book.remove(1);
  const added = book.add("x => y");
  assert.equal(added.id, 4, "a number is never reused");
  assert.deepEqual(book.view().map((r) => r.rule), [2, 3, 4]);
  assert.match(refusal(() => book.add("nope")), /write MATCH => RESPONSE/);
  assert.match(refusal(() => book.edit(9, { enabled: true })), /no rule 9/);
});

/** check's explanations, from made-up facts: no sockets. */
import assert from "node:assert/strict";
import { diagnose, type Facts } from "../lib/check/diagnose.ts";
import { exactly } from "../lib/check/expectations.ts";
import { explain } from "../lib/check/explain.ts";
import { sayIn } from "../lib/i18n/say.ts";

Deno.test("a wrong long reply that quotes like the expected one says where the two part", () => {
  const expected = new TextEncoder().encode("hello 世界 ".repeat(300));
  const got = expected.slice();
  got[2000] = 0x21; // one byte wrong, far past what a quote shows
  const facts: Facts = {
    way: "plain",
    datagram: false,
    sendFraming: "raw",
    plainPassed: true,
    sent: [expected],
    replies: [got],
    expect: exactly(expected),
    wrong: got,
    within: 2000,
  };
  const said = explain(diagnose(facts), { ...facts, encoding: "utf-8" });
  // got[2000] is the 2001st byte: counted from 1, as people count (it said "第 2000 字节").
  assert.match(sayIn("en", said), /\(3900 B\) where .* was expected, the two parting at byte 2001/);
  assert.match(sayIn("zh", said), /（3900 B），应该是 .*，两者从第 2001 个字节起不同/);
});

Deno.test("a server that had ended the connection before anything was sent is not said to stick or split what it never saw", () => {
  const hello = new TextEncoder().encode("hello");
  const world = new TextEncoder().encode("world");
  for (const why of ["eof", "reset"] as const) {
    const facts: Facts = {
      way: "stuck",
      datagram: false,
      sendFraming: "raw",
      plainPassed: true,
      reachedIn: "plain",
      endedUnwritten: true,
      sent: [hello, world],
      replies: [],
      expect: exactly(hello),
      ending: { why },
      within: 2000,
    };
    const diagnosis = diagnose(facts);
    assert.deepEqual([diagnosis.kind, diagnosis.means], [
      why === "eof" ? "closed" : "reset",
      "ended_first",
    ]);
    const said = explain(diagnosis, { ...facts, encoding: "utf-8" });
    assert.match(
      sayIn("en", said),
      /it had ended this connection before anything was sent on it, so this is not about how the bytes were cut/,
    );
    assert.doesNotMatch(sayIn("en", said), /粘包|sticking|one recv\(\) as one message/);
    assert.match(sayIn("zh", said), /还没发送任何东西，它就结束了这条连接/);
    // The same ending after the bytes went: the way is blamed, as before.
    assert.equal(diagnose({ ...facts, endedUnwritten: false }).kind, "sticking");
  }
});

Deno.test("raw replies on a stream are what the server sent back, not answers counted by reads", () => {
  const hello = new TextEncoder().encode("hello 世界");
  const parts = ["H", "EL", "LO "].map((s) => new TextEncoder().encode(s));
  const facts: Facts = {
    way: "split",
    datagram: false,
    sendFraming: "raw",
    plainPassed: true,
    sent: [hello],
    replies: parts,
    expect: exactly(new TextEncoder().encode("HELLO 世界")),
    ending: { why: "eof" },
    within: 2000,
  };
  const said = explain(diagnose(facts), { ...facts, encoding: "utf-8" });
  // It said "the server answered once" (or 3 times) of one stream that came in reads.
  assert.match(sayIn("en", said), /the server sent back "HELLO ", then closed the connection/);
  assert.doesNotMatch(sayIn("en", said), /answered/);
  assert.match(sayIn("zh", said), /服务端发回了 "HELLO "/);
});

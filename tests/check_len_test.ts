/**
 * framecat check len-echo against a class's python servers, written as the
 * course's students write them: each passes or fails exactly the ways it
 * should, and each failure is explained in the course's words, in English
 * and in Chinese.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { check, conversation, downPort, row, startClass } from "./check_helpers.ts";
import { eventsOf } from "./helpers/cli.ts";
import { EXIT } from "../lib/errors.ts";

const WAYS = ["plain", "stuck", "split", "delayed", "large"];

Deno.test("check len-echo: the correct, naive, half-fixed, silent and resetting servers, and a port nobody serves", async () => {
  await using cls = await startClass(["len-correct", "len-naive", "len-half", "silent", "reset"]);
  const [correct, naive, half, silent, reset] = cls.ports;
  const down = downPort();
  const run = await check([
    "len-echo",
    ...[correct, naive, half, silent, reset, down].map(String),
    "--timeout",
    "1000",
    "--lang",
    "en",
  ]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  deepStrictEqual(run.table(), {
    [correct]: row(WAYS),
    // One recv(1024) for one message: two messages in one read, one message in several.
    [naive]: row(WAYS, ["stuck", "split", "large"]),
    // The length is read right; the body is taken from one recv().
    [half]: row(WAYS, ["split"]),
    [silent]: row(WAYS, WAYS),
    [reset]: row(WAYS, WAYS),
    [down]: row(WAYS, WAYS),
  });
  strictEqual(run.summary.unreachable, 1);
  strictEqual(run.summary.failed, 3 + 1 + 15);

  const stuck = run.of(naive, "stuck");
  strictEqual(stuck.failure, "sticking");
  match(
    stuck.message,
    /^sent "hello" and "world" back to back, in one segment; the server answered once, "hello", then nothing more within 1 s: it treats one recv\(\) as one message \(粘包\)\. Fix: read exactly 4 bytes of length \(struct\.unpack\('i', …\)\), then recv\(\) in a loop/,
  );
  const split = run.of(naive, "split");
  strictEqual(split.failure, "splitting");
  // Its recv() meets a piece of a length (struct.error: it closes), or, when the server came to
  // recv() late and the first bytes had piled up, a length and a piece of the message.
  match(
    split.message,
    /^sent "(hello|world)", every byte in a segment of its own; the server (closed the connection without answering|reset the connection \(RST\) without answering|answered once, "h[elo]{0,3}"): it treats one recv\(\) as one message, but one message can take several recv\(\) calls \(拆包\)/,
  );
  const large = run.of(naive, "large");
  strictEqual(large.failure, "splitting");
  match(
    large.message,
    /\(3003 bytes, more than one recv\(1024\) takes\); the server answered once, "hello 世界.*\(\+972 bytes\): it reads a message with one recv\(1024\) and misses the rest \(拆包\)/,
  );
  const halfSplit = run.of(half, "split");
  strictEqual(halfSplit.failure, "splitting");
  // The body's bytes leave 2 ms apart: the one recv() for the body holds the first (or, if the
  // server came late, the few that had piled up).
  match(
    halfSplit.message,
    /the server answered once, "(h[elo]{0,3}|w[orld]{0,3})": it treats one recv\(\)/,
  );

  for (const way of WAYS) {
    strictEqual(run.of(silent, way).failure, "silent");
    strictEqual(run.of(reset, way).failure, "reset");
    strictEqual(run.of(down, way).failure, "unreachable");
  }
  match(
    run.of(silent, "plain").message,
    /^sent "hello"; no reply came within 1 s: it is waiting for bytes that will not come/,
  );
  match(run.of(silent, "stuck").message, /it fails the plain run too/);
  match(
    run.of(reset, "plain").message,
    /^sent "hello"; the server reset the connection \(RST\) without answering/,
  );
  match(
    run.of(down, "plain").message,
    /^could not connect: .*refused.*; check that the server is running, on this address and port\.$/i,
  );

  // A failed case keeps its conversation: the two messages left in one write, one reply came.
  const kept = conversation(stuck);
  const sent = eventsOf(kept, "sent");
  deepStrictEqual(sent.map((e) => [e.text, e.write]), [["hello", 1], ["world", 1]]);
  deepStrictEqual(eventsOf(kept, "frame").map((e) => e.text), ["hello"]);
  strictEqual(eventsOf(kept, "fault")[0]?.fault, "coalesce");
  // Its close counts what the client wrote, though each way writes past the peer.
  const [closed] = eventsOf(kept, "closed");
  deepStrictEqual([closed?.sends, closed?.bytes_out], [2, 18], JSON.stringify(closed));
  strictEqual(run.of(correct, "stuck").conversation, undefined, "a passed case keeps none");
});

Deno.test("check len-echo --lang zh: the same failures, explained in Chinese", async () => {
  await using cls = await startClass(["len-naive", "len-half"]);
  const [naive, half] = cls.ports;
  const run = await check(["len-echo", `${naive}`, `${half}`, "--lang", "zh"]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  match(
    run.of(naive, "stuck").message,
    /^发送了 "hello" 和 "world"，连着发出，在同一个 TCP 段里；服务端只回了一次："hello"，之后 2 秒内再没有回复：它把一次 recv\(\) 当成了一条消息（粘包）。改法：先读满 4 字节的长度/,
  );
  match(
    run.of(naive, "large").message,
    /（3003 字节，一次 recv\(1024\) 收不完）；服务端只回了一次：.*它用一次 recv\(1024\) 读一条消息，后面的部分没读到（拆包）/,
  );
  match(
    run.of(half, "split").message,
    /^发送了 "(hello|world)"，每个字节单独一个 TCP 段；服务端只回了一次："(h[elo]{0,3}|w[orld]{0,3})"：它把一次 recv\(\) 当成了一条消息，可一条消息可能要好几次 recv\(\) 才收完（拆包）/,
  );
  // The counts as the summary says them in Chinese; how many fail is the English test's to hold.
  // The split way spaces bytes 2 ms apart, and under six test jobs at once the naive server once
  // came to recv() so late that they had piled up, and passed that way.
  const failed = run.summary.failed;
  ok(failed === 3 || failed === 4, `${failed} failed`);
  match(
    run.summary.message,
    new RegExp(`^len-echo：2 个目标，10 个用例：${10 - failed} 个通过，${failed} 个失败$`),
  );
});

Deno.test("check --lang zh: a server that never answers, one that resets, one nobody serves", async () => {
  await using cls = await startClass(["silent", "reset"]);
  const [silent, reset] = cls.ports;
  const down = downPort();
  const run = await check([
    "len-echo",
    `${silent}`,
    `${reset}`,
    `${down}`,
    "--ways",
    "plain,stuck",
    "--timeout",
    "1000",
    "--lang",
    "zh",
  ]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  match(
    run.of(silent, "plain").message,
    /^发送了 "hello"；1 秒内没有任何回复：它在等永远不会来的字节，或者根本不回复。$/,
  );
  match(
    run.of(silent, "stuck").message,
    /；正常发送时它也不对，所以问题不在字节怎么被切分。$/,
  );
  match(
    run.of(reset, "plain").message,
    /^发送了 "hello"；服务端没有回复就重置了连接（RST）：它处理收到的数据时出了错/,
  );
  match(
    run.of(down, "plain").message,
    /^连接不上：.*；请检查服务端是否在运行，地址和端口是否正确。$/,
  );
  match(run.summary.message, /；1 个目标连接不上$/);
});

/**
 * framecat check len-echo against a class's python servers, written as the
 * course's students write them: each passes or fails exactly the ways it
 * should, and each failure is explained in the course's words, in English
 * and in Chinese.
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { check, conversation, downPort, row, startClass } from "./check_helpers.ts";
import { eventsOf } from "./helpers/cli.ts";
import { EXIT } from "../lib/errors.ts";

const WAYS = ["plain", "stuck", "split", "delayed", "large"];

Deno.test("check len-echo: the correct, naive, half-fixed, silent and resetting servers, and a port nobody serves", async () => {
  await using cls = await startClass(["len-correct", "len-naive", "len-half", "silent", "reset"]);
  const [correct, naive, half, silent, reset] = cls.ports;
  const down = await downPort();
  // Two runs at once: a reply that is due gets 10 s (a stalled machine must not turn it into
  // silence; the naive server's stuck case, silent after one answer, waits it out), while the
  // silent server, whose every case waits out the limit, gets 1 s.
  const [run, quiet] = await Promise.all([
    check([
      "len-echo",
      ...[correct, naive, half, reset, down].map(String),
      "--timeout",
      "10000",
      "--lang",
      "en",
    ]),
    check(["len-echo", `${silent}`, "--timeout", "1000", "--lang", "en"]),
  ]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  strictEqual(quiet.result.code, EXIT.checkFailed, quiet.result.stderr);
  deepStrictEqual({ ...run.table(), ...quiet.table() }, {
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
  strictEqual(run.summary.failed + quiet.summary.failed, 3 + 1 + 15);

  const stuck = run.of(naive, "stuck");
  strictEqual(stuck.failure, "sticking");
  match(
    stuck.message,
    /^sent "hello" and "world" back to back, in one segment; the server answered once, "hello", then nothing more within 10 s: it treats one recv\(\) as one message \(粘包\)\. Fix: read exactly 4 bytes of length \(struct\.unpack\('i', …\)\), then recv\(\) in a loop/,
  );
  const split = run.of(naive, "split");
  strictEqual(split.failure, "splitting");
  // Its first recv() meets one byte of a length (struct.error: it closes; the byte sent after may
  // meet the closed socket and bring a reset).
  match(
    split.message,
    /^sent "hello", every byte in a segment of its own; the server (closed the connection|reset the connection \(RST\)) without answering: it treats one recv\(\) as one message, but one message can take several recv\(\) calls \(拆包\)/,
  );
  const large = run.of(naive, "large");
  strictEqual(large.failure, "splitting");
  match(
    large.message,
    /\(3003 bytes, more than one recv\(1024\) takes\); the server answered once, "hello 世界.*\(\+972 B\): it reads a message with one recv\(1024\) and misses the rest \(拆包\)/,
  );
  const halfSplit = run.of(half, "split");
  strictEqual(halfSplit.failure, "splitting");
  // Each byte leaves once the server has read the one before: the one recv() for the body
  // holds its first byte alone.
  match(halfSplit.message, /the server answered once, "h": it treats one recv\(\)/);

  for (const way of WAYS) {
    strictEqual(quiet.of(silent, way).failure, "silent");
    strictEqual(run.of(reset, way).failure, "reset");
    strictEqual(run.of(down, way).failure, "unreachable");
  }
  match(
    quiet.of(silent, "plain").message,
    /^sent "hello"; no reply came within 1 s: it is waiting for bytes that will not come/,
  );
  match(
    quiet.of(silent, "stuck").message,
    /it fails the plain run too, so this is not about how the bytes were cut: does this check speak its protocol\? \(len-echo sends each message after a u32le length, as --prefix says, and wants it back framed the same way\)\.$/,
  );
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

Deno.test("check len-echo: a naive server that comes to each recv() late still meets a split message one byte at a time", async () => {
  // 50 ms late to each recv(): bytes spaced 2 ms apart would pile up into one whole message, and
  // the naive server would pass. Each byte leaves only once the server has read the one before.
  // On 127.0.0.1, and on :: reached as [::1] and as 127.0.0.1 (an IPv4 client of an IPv6 socket):
  // the kernel lists each server's end of the connection its own way.
  await using cls = await startClass(["len-late", "len-late@dual"]);
  const [late, dual] = cls.ports;
  const targets = [`${late}`, `[::1]:${dual}`, `127.0.0.1:${dual}`];
  const run = await check(["len-echo", ...targets, "--ways", "plain,split", "--lang", "en"]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  const table = run.table();
  strictEqual(Object.keys(table).length, 3);
  for (const results of Object.values(table)) {
    deepStrictEqual(results, row(["plain", "split"], ["split"]));
  }
  for (const target of Object.keys(table)) {
    const split = run.of(target, "split");
    strictEqual(split.failure, "splitting", target);
    match(
      split.message,
      /^sent "hello", every byte in a segment of its own; the server (closed the connection|reset the connection \(RST\)) without answering/,
    );
  }
});

Deno.test("check len-echo: a reply whose length announces more than it sends is malformed, not silence", async () => {
  await using cls = await startClass(["len-overlong"]);
  const [overlong] = cls.ports;
  const run = await check([
    ...["len-echo", `${overlong}`, "--ways", "plain", "--timeout", "500", "--lang", "en"],
  ]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  const plain = run.of(`${overlong}`, "plain");
  strictEqual(plain.failure, "malformed");
  strictEqual(
    plain.message,
    'sent "hello"; the reply could not be read: it began and did not end within 0.5 s: 5 of the 8 bytes of its body came: its reply is not framed the way the protocol says.',
  );
  // What came is in the conversation: the announced 8, then the 5 bytes of "hello".
  // What came is in the conversation (in one read or two: the server sends the length, then the
  // body): the announced 8, then the 5 bytes of "hello".
  const came = conversation(plain).filter((e) => e.event === "read")
    .flatMap((e) => [...Uint8Array.fromBase64(String(e.base64))]);
  deepStrictEqual(came, [8, 0, 0, 0, ...new TextEncoder().encode("hello")]);
});

Deno.test("check len-echo --lang zh: the same failures, explained in Chinese", async () => {
  await using cls = await startClass(["len-naive", "len-half"]);
  const [naive, half] = cls.ports;
  const run = await check(["len-echo", `${naive}`, `${half}`, "--lang", "zh"]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  match(
    run.of(naive, "stuck").message,
    /^发送了 "hello" 和 "world"，连着发出，在同一个 TCP 报文段里；服务端只回了一次："hello"，之后 2 秒内再没有回复：它把一次 recv\(\) 当成了一条消息（粘包）。改法：先读满 4 字节的长度/,
  );
  match(
    run.of(naive, "large").message,
    /（3003 字节，一次 recv\(1024\) 收不完）；服务端只回了一次：.*它用一次 recv\(1024\) 读一条消息，后面的部分没读到（拆包）/,
  );
  match(
    run.of(half, "split").message,
    /^发送了 "hello"，每个字节单独一个 TCP 报文段；服务端只回了一次："h"：它把一次 recv\(\) 当成了一条消息，可一条消息可能要好几次 recv\(\) 才收完（拆包）/,
  );
  strictEqual(run.summary.failed, 4);
  strictEqual(run.summary.message, "len-echo：2 个目标，10 个用例：6 个通过，4 个失败");
});

Deno.test("check --lang zh: a server that never answers, one that resets, one nobody serves", async () => {
  await using cls = await startClass(["silent", "reset"]);
  const [silent, reset] = cls.ports;
  const down = await downPort();
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
    /；正常发送时它也不对，所以问题不在字节怎么被切分：这个检查和它的协议对得上吗？（len-echo 在每条消息前加上由 --prefix 指定的 u32le 长度，要求按同样的格式回送）。$/,
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

/**
 * framecat check json-exec, save and time against the course's python
 * servers (their JSON headers carry a numeric md5, as the course's do):
 * the correct ones pass every way, the naive ones fail where they should,
 * explained in English and in Chinese. framecat's own servers pass too.
 */
import { deepStrictEqual, doesNotMatch, match, strictEqual } from "node:assert/strict";
import { check, conversation, row, startClass } from "./check_helpers.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { EXIT } from "../lib/errors.ts";
import { udpSocket } from "./helpers/net.ts";

Deno.test("check json-exec: the JSON-header exec server passes; one whose total_size leaves out stderr fails, in both languages", async () => {
  await using cls = await startClass(["exec-correct", "exec-naive"]);
  const [correct, naive] = cls.ports;
  const ways = ["plain", "delayed", "large"];
  const en = await check(["json-exec", `${correct}`, `${naive}`, "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  deepStrictEqual(en.summary.ways, ways, "a raw command cannot be cut: no stuck, no split");
  deepStrictEqual(en.table(), {
    [correct]: row(ways),
    // seq's 3893 bytes have no stderr: total_size is right there.
    [naive]: row(ways, ["plain", "delayed"]),
  });
  strictEqual(en.of(naive, "plain").failure, "stderr");
  match(
    en.of(naive, "plain").message,
    /^sent "echo oops >&2"; the server answered "" where "oops\\n" was expected: its header's total_size leaves out part of what it sends \(stderr\?\).*Fix: total_size = len\(stdout\) \+ len\(stderr\)\.$/,
  );
  const zh = await check(["json-exec", `${naive}`, "--ways", "plain", "--lang", "zh"]);
  match(
    zh.of(naive, "plain").message,
    /^发送了 "echo oops >&2"；服务端回的是 ""，应该是 "oops\\n"：它报头里的 total_size 没有算上发出的全部内容（漏了 stderr？）.*改法：total_size = len\(stdout\) \+ len\(stderr\)。$/,
  );
});

Deno.test("check json-exec: the same mistake with a real md5 of all it sends (its body, cut at total_size, fails the md5) is still told as the stderr one", async () => {
  await using cls = await startClass(["exec-naive-md5"]);
  const [naive] = cls.ports;
  const en = await check(["json-exec", `${naive}`, "--ways", "plain", "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  strictEqual(en.of(naive, "plain").failure, "stderr");
  match(
    en.of(naive, "plain").message,
    /^sent "echo oops >&2"; the reply could not be read: .*md5 mismatch: .*: its header's total_size leaves out part of what it sends \(stderr\?\), while its md5 is of all of it.*Fix: total_size = len\(stdout\) \+ len\(stderr\)\.$/,
  );
  const zh = await check(["json-exec", `${naive}`, "--ways", "plain", "--lang", "zh"]);
  match(
    zh.of(naive, "plain").message,
    /漏了 stderr？），md5 却是按全部内容算的.*改法：total_size = len\(stdout\) \+ len\(stderr\)。$/,
  );
});

Deno.test("check json-exec: a right total_size with an md5 of stdout alone is an md5 failure, not told as the stderr mistake", async () => {
  await using cls = await startClass(["exec-md5-out"]);
  const [md5Out] = cls.ports;
  const en = await check(["json-exec", `${md5Out}`, "--ways", "plain", "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  strictEqual(en.of(md5Out, "plain").failure, "malformed");
  match(
    en.of(md5Out, "plain").message,
    /^sent "echo oops >&2"; the reply could not be read: .*md5 mismatch/,
  );
  doesNotMatch(en.of(md5Out, "plain").message, /stderr|total_size = len/);
});

Deno.test("check save: a server that checks the md5 passes (its ack with a body or a header alone); one that forgets it fails every way, in both languages", async () => {
  await using cls = await startClass(["save-correct", "save-nomd5", "save-ack-hdr"]);
  const [correct, nomd5, ackHeader] = cls.ports;
  const ways = ["plain", "stuck", "split", "delayed", "large"];
  const en = await check(["save", `${correct}`, `${nomd5}`, `${ackHeader}`, "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  deepStrictEqual(en.table(), {
    [correct]: row(ways),
    [nomd5]: row(ways, ways),
    [ackHeader]: row(ways),
  });
  for (const way of ways) strictEqual(en.of(nomd5, way).failure, "md5");
  match(
    en.of(nomd5, "plain").message,
    /^sent "this file was damaged on the way\\n"; the server answered "\{\\"ok\\": true.*where \{"ok": false\} was expected: it accepted a file whose md5 does not match its header: it does not check the md5.*Fix: hash what you received with hashlib\.md5 and compare it with header\['md5'\]/,
  );
  const zh = await check(["save", `${nomd5}`, "--ways", "stuck", "--lang", "zh"]);
  match(
    zh.of(nomd5, "stuck").message,
    /^发送了 "a file sent by framecat check\\n" 和 "this file was damaged on the way\\n"，连着发出，在同一个 TCP 报文段里；.*它没有校验 md5.*改法：用 hashlib\.md5 计算收到的内容/,
  );
});

Deno.test("check time: the course's UDP time server passes, except a pattern longer than its recvfrom(1024), in both languages", async () => {
  await using cls = await startClass(["time-udp"]);
  const port = cls.port("time-udp");
  // A bare HOST:PORT is UDP for a UDP check.
  const en = await check(["time", `127.0.0.1:${port}`, "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  const target = `127.0.0.1:${port}`;
  deepStrictEqual(en.table(), {
    [target]: row(["plain", "stuck", "delayed", "large"], ["large"]),
  });
  strictEqual(en.of(target, "plain").address, `udp://127.0.0.1:${port}`);
  strictEqual(en.of(target, "large").failure, "truncation");
  match(
    en.of(target, "large").message,
    /^sent "%Y-%m-%d%Y-%m-%d.*\(1200 bytes, more than one recvfrom\(1024\) takes\); the server's reply was only 1280 bytes, "\d{4}-\d\d-\d\d.*, where "YYYY-MM-DD" × 150 was expected: UDP delivers a datagram whole or cut: recvfrom\(1024\) kept 1024 bytes and the rest was lost for good\. Fix: read with a buffer as large as the largest datagram, recvfrom\(65535\)\.$/,
  );
  // The 1024 bytes kept hold 128 of the 150 dates: 1280 characters came back, not 1500.
  const [reply] = eventsOf(conversation(en.of(target, "large")), "read");
  strictEqual(reply?.bytes, 1280);
  const zh = await check(["time", `udp://127.0.0.1:${port}`, "--ways", "large", "--lang", "zh"]);
  match(
    zh.of(`udp://127.0.0.1:${port}`, "large").message,
    /UDP 的数据报要么整个收到，要么被截断：recvfrom\(1024\) 只留下 1024 字节，其余的永远丢了。改法：用不小于最大数据报的缓冲区来读，recvfrom\(65535\)。$/,
  );
});

Deno.test("check: framecat's own course servers pass every way of their checks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "framecat_check_save_" });
  // As the README names them: the references a teacher can check a checker against.
  const servers = {
    "echo": ["serve", "127.0.0.1:0"],
    "upper": ["serve", "127.0.0.1:0", "--behavior", "upper"],
    "len-echo": ["serve", "127.0.0.1:0", "--framing", "len", "--prefix", "i"],
    "json-exec": [
      "serve",
      "127.0.0.1:0",
      "--behavior",
      "exec",
      "--recv-framing",
      "raw",
      "--send-framing",
      "json",
      "--prefix",
      "i",
    ],
    "save": ["serve", "127.0.0.1:0", "--behavior", "save", "--prefix", "i", "--dir", dir],
    "time": ["serve", "udp://127.0.0.1:0", "--behavior", "time"],
    "udp-echo": ["serve", "udp://127.0.0.1:0"],
    "chat": ["serve", "udp://127.0.0.1:0", "--behavior", "chat"],
  };
  const started: Array<{ name: string; framecat: Framecat; port: number }> = [];
  try {
    for (const [name, args] of Object.entries(servers)) {
      const { framecat, port } = await Framecat.listening([...args, "--output", "json"]);
      started.push({ name, framecat, port });
    }
    // Eight checks and eight servers share this process: on a loaded machine a reply can take
    // more than check's 2 s. What is checked here is what comes back, not how fast.
    const runs = await Promise.all(
      started.map(({ name, port }) => check([name, `${port}`, "--timeout", "10000"])),
    );
    for (const [i, run] of runs.entries()) {
      strictEqual(run.result.code, EXIT.ok, `${started[i].name}: ${JSON.stringify(run.cases)}`);
      strictEqual(run.summary.failed, 0);
    }
  } finally {
    await Promise.all(started.map(({ framecat }) => framecat.stop()));
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check udp-echo: a UDP server that never answers is told as UDP's silence, not as a stream's wait", async () => {
  // Reads every datagram, answers none (a server that replies to a fixed address, or not at all).
  using quiet = udpSocket();
  const port = (quiet.addr as Deno.NetAddr).port;
  const args = ["udp-echo", `udp://127.0.0.1:${port}`, "--ways", "plain", "--timeout", "300"];
  const run = await check(args);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  const [plain] = run.cases;
  strictEqual(plain.failure, "silent");
  match(
    plain.message,
    /no reply came within 0\.3 s: it may not be running on that port, or its reply goes somewhere else/,
  );
  // In Chinese, the silence is said once, then its likely causes (it read "没有任何回复：它没有回复").
  const zh = await check([...args, "--lang", "zh"]);
  match(
    zh.cases[0].message,
    /0\.3 秒内没有任何回复：可能它没在这个端口上运行，也可能回复发到了别处/,
  );
});

Deno.test("check save: an upload server whose unframed ack fails the plain run, and whose recv(4) cut in pieces crashes it, is told 拆包 where it crashes", async () => {
  await using cls = await startClass(["save-recv4"]);
  const [recv4] = cls.ports;
  const en = await check(["save", `${recv4}`, "--ways", "plain,split", "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  match(
    en.of(recv4, "plain").message,
    /the server sends text \("\{\\"ok"\) where a length prefix should be/,
  );
  // Before, "it fails the plain run too, so this is not about how the bytes were cut".
  strictEqual(en.of(recv4, "split").failure, "splitting");
  match(
    en.of(recv4, "split").message,
    // Closed, or reset when its crash left our bytes unread in its socket: either way, 拆包.
    /the server (closed the connection|reset the connection \(RST\)) without answering: it treats one recv\(\) as one message.*\(拆包\)\. Fix: read the 4-byte header length/,
  );
  const zh = await check(["save", `${recv4}`, "--ways", "plain,split", "--lang", "zh"]);
  match(
    zh.of(recv4, "split").message,
    /服务端没有回复就(关闭了连接|重置了连接（RST）)：它把一次 recv\(\) 当成了一条消息.*（拆包）/,
  );
});

Deno.test("check json-exec: a server whose total_size counts the characters of a str (len(res)), not its bytes, fails at the command whose output is not ASCII, in both languages", async () => {
  await using cls = await startClass(["exec-chars"]);
  const [chars] = cls.ports;
  const en = await check(["json-exec", `${chars}`, "--ways", "plain", "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  strictEqual(en.of(chars, "plain").failure, "chars");
  match(
    en.of(chars, "plain").message,
    /^sent "echo 你好"; the server answered "你" where "你好\\n" was expected: its header's total_size counts characters, not bytes .*Fix: count the bytes sent/,
  );
  const zh = await check(["json-exec", `${chars}`, "--ways", "plain", "--lang", "zh"]);
  match(
    zh.of(chars, "plain").message,
    /total_size 数的是字符而不是字节.*改法：total_size 要数发出的字节/,
  );
});

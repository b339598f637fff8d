/**
 * What check blames a failure on, and how it quotes what came back, against
 * servers written as the course's students write them:
 *
 * - a way that fails otherwise than the plain run (the plain run got a
 *   wrong reply, the split way crashed the server) is about how the bytes
 *   were cut; "not about how the bytes were cut" is said only of a way that
 *   fails as the plain run did;
 * - the protocol recalled then is the one of the check that ran, and none
 *   where the protocol is no question (UDP);
 * - raw bytes that came back are quoted as the server sent them, not cut
 *   where the expected ones end;
 * - Chinese and English without stray spaces, with bytes counted from 1 and
 *   a datagram cut by recvfrom(1024) said to be short, not "answered once".
 */
import { deepStrictEqual, doesNotMatch, match, ok, strictEqual } from "node:assert/strict";
import { check, conversation, row, startClass, type StudentKind } from "./check_helpers.ts";
import { eventsOf } from "./helpers/cli.ts";
import { udpSocket } from "./helpers/net.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";
import { EXIT } from "../lib/errors.ts";
import { CHECKS } from "../lib/check/catalog.ts";
import { diagnose, type Facts } from "../lib/check/diagnose.ts";
import { acknowledged, exactly } from "../lib/check/expectations.ts";
import { explain } from "../lib/check/explain.ts";
import { sayIn } from "../lib/i18n/say.ts";

/** A python fixture serving on the port it prints first. */
async function serving(script: string, ...args: string[]) {
  const running = await startProcess(PYTHON, fixture(script, args));
  return { port: running.firstLine, [Symbol.asyncDispose]: () => running[Symbol.asyncDispose]() };
}

/** One of tests/fixtures/student_servers.py's servers, its port as check is given it. */
async function student(kind: StudentKind) {
  const cls = await startClass([kind]);
  return { port: `${cls.port(kind)}`, [Symbol.asyncDispose]: () => cls[Symbol.asyncDispose]() };
}

/** The upload server, saving into a temporary folder (`verify`: it checks the md5). */
async function uploads(...args: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "framecat_uploads_" });
  const server = await serving("upload_one_recv_server.py", dir, ...args);
  return {
    port: server.port,
    async [Symbol.asyncDispose]() {
      await server[Symbol.asyncDispose]();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const SPLIT_SAVE_EN =
  /^sent "a file sent by framecat check\\n", every byte in a segment of its own; the server (closed the connection|reset the connection \(RST\)) without answering: it treats one recv\(\) as one message, but one message can take several recv\(\) calls \(拆包\)\. Fix: read the 4-byte header length, then the header, then recv\(\) in a loop until total_size bytes have come\.$/;
const SPLIT_SAVE_ZH =
  /^发送了 "a file sent by framecat check\\n"，每个字节单独一个 TCP 报文段；服务端没有回复就(关闭了连接|重置了连接（RST）)：它把一次 recv\(\) 当成了一条消息，可一条消息可能要好几次 recv\(\) 才收完（拆包）。改法：先读 4 字节的报头长度，再读报头，然后循环 recv\(\) 直到收够 total_size 字节。$/;

Deno.test("check save: an upload server that forgets the md5 and reads its header with one recv() is told 拆包 in the split way, as one that checks the md5 is", async () => {
  for (const [lang, told] of [["en", SPLIT_SAVE_EN], ["zh", SPLIT_SAVE_ZH]] as const) {
    // One server per run: its first recv(4) meets one byte and struct.unpack kills it.
    await using server = await uploads();
    const run = await check(["save", server.port, "--ways", "plain,split", "--lang", lang]);
    strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
    deepStrictEqual(run.table(), { [server.port]: row(["plain", "split"], ["plain", "split"]) });
    strictEqual(run.of(server.port, "plain").failure, "md5");
    const split = run.of(server.port, "split");
    // It said "it fails the plain run too, so this is not about how the bytes were cut", and
    // the report classed it closed or reset: the plain run failed on the md5, later.
    strictEqual(split.failure, "splitting", split.message);
    match(split.message, told);
  }
  // The same server with the md5 checked: the plain run passes, the split way is told the same.
  await using checking = await uploads("verify");
  const run = await check(["save", checking.port, "--ways", "plain,split", "--lang", "en"]);
  deepStrictEqual(run.table(), { [checking.port]: row(["plain", "split"], ["split"]) });
  strictEqual(run.of(checking.port, "split").failure, "splitting");
  match(run.of(checking.port, "split").message, SPLIT_SAVE_EN);
});

/** The save check's first exchange, failed by the way given (expectation 0). */
function saveFacts(way: Facts["way"], more: Partial<Facts>): Facts {
  const bytes = (text: string) => new TextEncoder().encode(text);
  return {
    way,
    datagram: false,
    sendFraming: "json",
    plainPassed: false,
    sent: [bytes("a file sent by framecat check\n")],
    replies: [],
    expect: acknowledged(true),
    within: 2000,
    at: 0,
    ...more,
  };
}

function told(f: Facts): { kind: string; plainFailed: boolean; en: string } {
  const d = diagnose(f);
  const en = sayIn("en", explain(d, { ...f, encoding: "utf-8" }));
  return { kind: d.kind, plainFailed: d.plainFailed === true, en };
}

Deno.test("a way is blamed on the cut when it fails otherwise than the plain run, and only then said not to be", () => {
  const closed = { ending: { why: "eof" } } as const;
  // The plain run got past this step (it failed on the md5, later): the close is the split's.
  const later = told(saveFacts("split", { ...closed, plainFailure: { at: 1, did: "answered" } }));
  deepStrictEqual([later.kind, later.plainFailed], ["splitting", false]);
  match(later.en, /the server closed the connection without answering: .*\(拆包\)/);
  doesNotMatch(later.en, /plain run/);
  // Failed at the same step with a whole reply: a close, a reset or silence is the cut's.
  const answered = { plainFailure: { at: 0, did: "answered" } } as const;
  strictEqual(told(saveFacts("split", { ...closed, ...answered })).kind, "splitting");
  strictEqual(told(saveFacts("large", { ending: "timeout", ...answered })).kind, "splitting");
  const two = [...saveFacts("stuck", {}).sent, new TextEncoder().encode("this file…")];
  const reset = { ending: { why: "reset" }, sent: two } as const;
  strictEqual(told(saveFacts("stuck", { ...reset, ...answered })).kind, "sticking");
  // The same failure as the plain run's: not about the cut.
  for (const plain of ["ended", "silent"] as const) {
    const same = told(saveFacts("split", { ...closed, plainFailure: { at: 0, did: plain } }));
    deepStrictEqual([same.kind, same.plainFailed], ["closed", true]);
    match(same.en, /it fails the plain run too, so this is not about how the bytes were cut/);
  }
  // Raw bytes wrong both ways: the plain run's wrong answer says more than the cut.
  const raw: Partial<Facts> = {
    sendFraming: "raw",
    expect: exactly("hello"),
    wrong: new TextEncoder().encode("h\n"),
    plainFailure: { at: 0, did: "answered" },
  };
  deepStrictEqual(
    [told(saveFacts("split", raw)).kind, told(saveFacts("split", raw)).plainFailed],
    ["wrong", true],
  );
  // A plain run that passed: as before, the close is the cut's.
  strictEqual(told(saveFacts("split", { ...closed, plainPassed: true })).kind, "splitting");
});

Deno.test("check json-exec at the course's exec server without a header: the protocol recalled is json-exec's, the limit said without a stray space", async () => {
  await using server = await student("exec-raw");
  const ways = ["--ways", "plain,delayed"];
  const en = await check(["json-exec", server.port, ...ways, "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  const delayed = en.of(server.port, "delayed");
  strictEqual(delayed.failure, "malformed");
  match(
    delayed.message,
    /; it fails the plain run too, so this is not about how the bytes were cut: does this check speak its protocol\? \(json-exec sends each command as it is, with no length and no newline, and wants back a u32le header length as --prefix says, then a JSON header with total_size, then the output\)\.$/,
  );
  // It said json-exec sends length-prefixed messages, and spoke of len-echo, echo and upper.
  doesNotMatch(delayed.message, /len-echo|length prefixes|echo and upper/);
  const zh = await check(["json-exec", server.port, ...ways, "--lang", "zh"]);
  match(
    zh.of(server.port, "plain").message,
    /^发送了 "echo hello"；回复无法解读：无法解码偏移 0 处的 JSON 报头：长度 1819043176 超过了检查的上限（65536 字节）；/,
  );
  match(
    zh.of(server.port, "delayed").message,
    /；正常发送时它也不对，所以问题不在字节怎么被切分：这个检查和它的协议对得上吗？（json-exec 原样发送命令，不加长度也不加换行，要求回送由 --prefix 指定的 u32le 报头长度、带 total_size 的 JSON 报头，然后是命令的输出）。$/,
  );
  doesNotMatch(zh.of(server.port, "delayed").message, /len-echo|超过了 检查/);
});

Deno.test("check udp-echo and time: a UDP server silent in the plain run is not asked about a framing it has none of", async () => {
  using quiet = udpSocket();
  const target = `udp://127.0.0.1:${(quiet.addr as Deno.NetAddr).port}`;
  for (const name of ["udp-echo", "time"]) {
    for (const lang of ["en", "zh"]) {
      const args = [name, target, "--ways", "plain,stuck", "--timeout", "300", "--lang", lang];
      const run = await check(args);
      strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
      const stuck = run.of(target, "stuck");
      strictEqual(stuck.failure, "silent");
      match(
        stuck.message,
        lang === "en"
          ? /; it fails the plain run too, so this is not about how the bytes were cut\.$/
          : /；正常发送时它也不对，所以问题不在字节怎么被切分。$/,
      );
      doesNotMatch(stuck.message, /protocol|协议|len-echo|--prefix/);
    }
  }
});

Deno.test("each built-in check recalls its own protocol, and the UDP ones none", () => {
  const o = { prefix: "u32le", within: 2000 } as const;
  for (const [name, check] of Object.entries(CHECKS)) {
    const protocol = check.plan(o).protocol;
    if (check.plan(o).transport === "datagram") {
      strictEqual(protocol, undefined, name);
      continue;
    }
    ok(protocol, name);
    for (const lang of ["en", "zh"] as const) {
      const text = sayIn(lang, protocol);
      ok(text.startsWith(`${name} `), `${name}: ${text}`);
      // Only itself: no other check is spoken of.
      const others = Object.keys(CHECKS).filter((n) => !n.includes(name) && !name.includes(n));
      for (const other of others) {
        ok(!text.includes(other), `${name} speaks of ${other}: ${text}`);
      }
    }
  }
  match(sayIn("en", CHECKS["save"].plan(o).protocol!), /^save sends a u32le header length/);
});

/** The acknowledging protocol of a teacher's scenario: raw bytes, an ACK for each message. */
async function scenario(steps: unknown[]): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "framecat_ack_" });
  const path = `${dir}/ack.json`;
  await Deno.writeTextFile(path, JSON.stringify({ framing: "raw", steps }));
  return { path, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("check: raw bytes sent back in many sends are quoted as they came, not cut where the expected reply ends", async () => {
  await using file = await scenario([
    { send: "hello" },
    { send: "world" },
    { expect: "ACK:hello" },
    { expect: "ACK:world" },
  ]);
  await using server = await student("echo-ack");
  for (const lang of ["en", "zh"]) {
    const run = await check([file.path, server.port, "--ways", "split", "--lang", lang]);
    strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
    const split = run.of(server.port, "split");
    strictEqual(split.failure, "splitting", split.message);
    // Each byte met a recv() of its own, and each recv() was answered: "ACK:h", "ACK:e", … It
    // quoted "ACK:hACK:", the first two cut where "ACK:hello" would end, with no "…".
    const said = lang === "en" ? /the server sent back "([^"]*)"/ : /服务端发回了 "([^"]*)"/;
    const quoted = split.message.match(said)?.[1] ?? "";
    ok(quoted?.startsWith("ACK:hACK:eACK:"), split.message);
    doesNotMatch(split.message, /answered|回了一次/);
    // What it quotes is what the reads brought, in their order.
    const reads = eventsOf(conversation(split), "read").map((e) => e.text).join("");
    ok(reads.startsWith(quoted), `${quoted} is not how ${reads} begins`);
  }
});

Deno.test("check: a wrong raw reply is quoted with what came before it in the exchange, beside all that was expected", async () => {
  // One message, two replies expected: the server sends them in one send, the second wrong.
  await using file = await scenario([
    { send: "hello world" },
    { expect: "ACK:hello" },
    { expect: " WORLD" },
  ]);
  await using server = await student("echo-ack");
  const en = await check([file.path, server.port, "--ways", "plain", "--lang", "en"]);
  strictEqual(en.result.code, EXIT.checkFailed, en.result.stderr);
  // It said the server answered " world" where " WORLD" was expected: bytes cut from its one
  // send, read as a reply of their own.
  strictEqual(
    en.of(server.port, "plain").message,
    'sent "hello world"; the server sent back "ACK:hello world" where "ACK:hello WORLD" was expected: its reply is not the one the protocol asks for.',
  );
  const zh = await check([file.path, server.port, "--ways", "plain", "--lang", "zh"]);
  strictEqual(
    zh.of(server.port, "plain").message,
    '发送了 "hello world"；服务端发回的是 "ACK:hello world"，应该是 "ACK:hello WORLD"：它的回复不是协议要求的内容。',
  );
});

Deno.test("check udp-echo: a datagram cut by the server's recvfrom(1024) comes back short, said so in English and Chinese", async () => {
  await using server = await student("echo-udp");
  const target = `udp://127.0.0.1:${server.port}`;
  for (const lang of ["en", "zh"]) {
    const run = await check(["udp-echo", target, "--ways", "large", "--lang", lang]);
    strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
    const large = run.of(target, "large");
    strictEqual(large.failure, "truncation");
    match(
      large.message,
      lang === "en"
        ? /\(1508 bytes, more than one recvfrom\(1024\) takes\); the server's reply was only 1024 bytes, "hello 世界 hello 世界 hello 世界 hello 世"… \(\+976 B\), where "hello 世界 hello 世界 hello 世界 hello 世"… \(\+1460 B\) was expected/
        : /（1508 字节，一次 recvfrom\(1024\) 收不完）；服务端的回复只有 1024 字节："hello 世界 hello 世界 hello 世界 hello 世"… \(\+976 B\)，而期望的是 "hello 世界/,
    );
    // It said "the server answered once" (服务端只回了一次): one reply was all it was asked for.
    doesNotMatch(large.message, /answered once|只回了一次/);
  }
});

/**
 * check echo against servers that send more than the echo: each message
 * answered twice, a newline after each reply. Both fail every way, each
 * failure quoting what came beyond what was expected, in the exchange
 * where it came (not blamed on the next message); and a reply that is not
 * framed, explained without the options of serve that check has not.
 */
import { deepStrictEqual, doesNotMatch, match, strictEqual } from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { check, row, startClass } from "./check_helpers.ts";
import { EXIT } from "../lib/errors.ts";

Deno.test("check echo: a reply sent twice or with a newline added fails every way, quoted whole", async () => {
  await using cls = await startClass(["echo-twice", "echo-newline"]);
  const [twice, newline] = cls.ports;
  const ways = ["plain", "stuck", "split", "delayed", "large"];
  const run = await check(["echo", `${twice}`, `${newline}`]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  deepStrictEqual(run.table(), { [twice]: row(ways, ways), [newline]: row(ways, ways) });
  match(
    run.of(twice, "stuck").message,
    /^sent "hello" and "world" back to back, in one segment; the server sent back "helloworldhelloworld" where "helloworld" was expected/,
  );
  match(
    run.of(newline, "plain").message,
    /^sent "hello"; the server sent back "hello\\n" where "hello" was expected/,
  );
});

Deno.test("check json-exec at a plain echo server: the explanation speaks of the server, not of serve's options", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--output", "json"]);
  const port = await server.port();
  const run = await check(["json-exec", `127.0.0.1:${port}`, "--ways", "plain"]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  const { message } = run.of(`127.0.0.1:${port}`, "plain");
  match(
    message,
    /exceeds the check's limit \(65536 bytes\); the server sends text \("echo"\) where a length prefix should be/,
  );
  doesNotMatch(message, /--framing|--max-frame|--max-header/);
});

Deno.test("check echo: a server without `if not data: break` passes its first client, and the others are told it never read their bytes (not 粘包/拆包), in both languages", async () => {
  await using cls = await startClass(["echo-nobreak"]);
  const [nobreak] = cls.ports;
  const ways = ["plain", "stuck", "split"];
  const run = await check(["echo", `${nobreak}`, "--ways", ways.join(","), "--timeout", "1s"]);
  strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
  // Each way is a connection of its own: the first is served, the others wait in its backlog.
  deepStrictEqual(run.table(), { [nobreak]: row(ways, ["stuck", "split"]) });
  for (const way of ["stuck", "split"]) {
    strictEqual(run.of(nobreak, way).failure, "silent");
    match(
      run.of(nobreak, way).message,
      /: it has not read them: \d+ bytes? (is|are) still in its receive buffer, so it is not calling recv\(\) on this connection, or never accept\(\)ed it .*Fix: recv\(\) returning b'' means the client has left: leave its loop \(if not data: break\)/,
    );
    doesNotMatch(run.of(nobreak, way).message, /粘包|拆包|one recv\(\)/);
  }
  const zh = await check([
    "echo",
    `${nobreak}`,
    "--ways",
    "stuck",
    "--timeout",
    "1s",
    "--lang",
    "zh",
  ]);
  match(
    zh.of(nobreak, "stuck").message,
    /它根本没有读：还有 10 字节留在它的接收缓冲区里.*改法：recv\(\) 返回 b'' 说明客户端已经断开/,
  );
});

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

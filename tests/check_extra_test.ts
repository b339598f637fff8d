/**
 * check echo against servers that send more than the echo: each message
 * answered twice, a newline after each reply. Both fail every way, each
 * failure quoting what came beyond what was expected, in the exchange
 * where it came (not blamed on the next message).
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
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
    /^sent "hello" and "world" back to back, in one segment; the server answered "helloworldhelloworld" where "helloworld" was expected/,
  );
  match(
    run.of(newline, "plain").message,
    /^sent "hello"; the server answered "hello\\n" where "hello" was expected/,
  );
});

/**
 * The page's "More options" field reads words as a shell would (the README writes reply rules in
 * single quotes), and the command the page shows can be pasted into a shell: each word quoted as
 * /bin/sh takes it back whole, checked by /bin/sh itself.
 */
import assert from "node:assert/strict";
import { shellWord, splitWords } from "../lib/web/page/argv.js";

Deno.test("more options: quotes keep spaces, as the README writes rules", () => {
  assert.deepEqual(splitWords(`--reply 'PING => PONG'  --max-frame 64`), [
    "--reply",
    "PING => PONG",
    "--max-frame",
    "64",
  ]);
  assert.deepEqual(splitWords(`--reply "it's => ok" --send='a b'`), [
    "--reply",
    "it's => ok",
    "--send=a b",
  ]);
  // framecat reads escapes itself: a backslash is kept as typed.
  assert.deepEqual(splitWords(String.raw`--send hello\n ''`), ["--send", String.raw`hello\n`, ""]);
  // An unclosed quote runs to the end.
  assert.deepEqual(splitWords(`--reply 'a => b`), ["--reply", "a => b"]);
  assert.deepEqual(splitWords("  \t "), []);
});

Deno.test("the command shown: /bin/sh reads each quoted word back whole", async () => {
  const words = [
    "--reply",
    "PING => PONG",
    "it's",
    String.raw`hello\n`,
    "",
    '$HOME `id` "x"',
    "tcp://127.0.0.1:9000",
    "中文 消息",
    "a\nb",
  ];
  assert.equal(shellWord("tcp://127.0.0.1:9000"), "tcp://127.0.0.1:9000");
  assert.equal(shellWord("PING => PONG"), "'PING => PONG'");
  const script = `printf '%s\\0' ${words.map(shellWord).join(" ")}`;
  const { code, stdout } = await new Deno.Command("sh", { args: ["-c", script] }).output();
  assert.equal(code, 0);
  assert.deepEqual(new TextDecoder().decode(stdout).split("\0").slice(0, -1), words);
});

/**
 * The exact bytes a user asks for, checked at a real server byte by byte:
 * -e escapes, --crlf line endings, every common spelling of --send-hex.
 */
import assert from "node:assert/strict";
import { framecatArgs, runFramecat } from "./helpers/cli.ts";
import { readToEnd } from "./helpers/net.ts";
import { runProcess } from "./helpers/process.ts";

/** What a server received from one `framecat connect PORT …args` that half-closes. */
async function received(args: string[], stdin?: string): Promise<Uint8Array> {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept().then(async (conn) => {
    try {
      return await readToEnd(conn);
    } finally {
      conn.close();
    }
  });
  const result = await runFramecat(
    ["connect", `${listener.addr.port}`, "--half-close", "--wait", "0", ...args],
    { stdin },
  );
  assert.equal(result.code, 0, result.stderr);
  return await accepted;
}

const bytes = (...values: number[]) => Uint8Array.from(values);

Deno.test("send: -e turns \\r \\n \\t \\0 \\\\ and \\xHH into the bytes they name", async () => {
  assert.deepEqual(
    await received(["-e", "--send", "AT\\r", "--send", "a\\tb\\0\\\\\\x41\\n"]),
    bytes(0x41, 0x54, 0x0d, 0x61, 0x09, 0x62, 0x00, 0x5c, 0x41, 0x0a),
  );
  // Without -e a backslash is a backslash.
  assert.deepEqual(await received(["--send", "AT\\r"]), bytes(0x41, 0x54, 0x5c, 0x72));
});

Deno.test("send: --crlf ends line-framed messages with \\r\\n, and piped raw lines too", async () => {
  assert.deepEqual(
    await received(["--framing", "line", "--crlf", "--send", "AT"]),
    bytes(0x41, 0x54, 0x0d, 0x0a),
  );
  // nc -C: each piped newline goes out as \r\n; one already there is kept as is.
  assert.deepEqual(
    await received(["--crlf"], "a\nb\r\nc"),
    new TextEncoder().encode("a\r\nb\r\nc"),
  );
});

Deno.test("send: every common hex spelling of --send-hex gives the same bytes", async () => {
  const spellings = ["4142", "41 42", "41:42", "0x41,0x42", "\\x41\\x42", "0x41 0x42", "41-42"];
  for (const hex of spellings) {
    assert.deepEqual(await received(["--send-hex", hex]), bytes(0x41, 0x42), hex);
  }
});

Deno.test("send: a hex string that is not hex is one line naming the spellings", async () => {
  const result = await runProcess(
    Deno.execPath(),
    framecatArgs(["connect", "9", "--send-hex", "4g"]),
  );
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /0x68,0x65/);
});

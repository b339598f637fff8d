/**
 * The save server's errors for senders that are not what it expects: said
 * once, naming the file or that none was named, with the likely fix.
 */
import assert from "node:assert/strict";
import { serveSave } from "./helpers/cli.ts";
import { readToEnd, text, writeAll } from "./helpers/net.ts";
import { encodePrefix } from "../lib/framing/prefix.ts";
import { concatBytes } from "../lib/bytes.ts";

/** Sends `bytes` to a fresh save server, half-closes, and returns its error events. */
async function saveErrors(bytes: Uint8Array) {
  const dir = await Deno.makeTempDir({ prefix: "fc11" });
  try {
    await using server = serveSave(dir);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: await server.port() });
    await writeAll(conn, bytes);
    await conn.closeWrite();
    const reply = new TextDecoder().decode(await readToEnd(conn));
    conn.close();
    await server.waitFor((evs) => evs.some((e) => e.event === "closed"));
    assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing saved");
    return { errors: server.of("error").map((e) => String(e.message)), reply };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("save: a sender of plain text hears it is not using --framing json, once", async () => {
  const { errors, reply } = await saveErrors(text("hello world\n"));
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(errors[0], /the sender is not using --framing json \(it sends text: "hell"\)/);
  assert.doesNotMatch(errors[0], /undefined/);
  assert.match(reply, /not using --framing json/, "the sender is told too");
});

Deno.test("save: a struct.pack('i') sender without --prefix i is told to use it", async () => {
  const header = text(JSON.stringify({ file_name: "a.txt", total_size: 3 }));
  const { errors } = await saveErrors(
    concatBytes([encodePrefix("u32le", header.length), header, text("abc")]),
  );
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(errors[0], /--prefix i\b/);
});

Deno.test("save: a header without file_name says none was named", async () => {
  const header = text(JSON.stringify({ total_size: 3 }));
  const { errors } = await saveErrors(
    concatBytes([encodePrefix("u32be", header.length), header, text("abc")]),
  );
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(errors[0], /no file_name/);
  assert.doesNotMatch(errors[0], /undefined/);
});

Deno.test("save: a total_size past any file's is over --max-file, the limit that applies", async () => {
  // Written as a course sender's json.dumps would: 20 digits, more than a double keeps.
  const header = text('{"file_name": "a.txt", "total_size": 99999999999999999999}');
  const { errors, reply } = await saveErrors(
    concatBytes([encodePrefix("u32be", header.length), header, text("abc")]),
  );
  assert.equal(errors.length, 1, errors.join("\n"));
  const said = /total_size 99999999999999999999 exceeds --max-file \(4294967296 bytes\)/;
  assert.match(errors[0], said);
  assert.match(reply, said, "the sender is told the same");
  assert.doesNotMatch(errors[0] + reply, /--max-frame|9007199254740991/);
});

/**
 * The course's most common length bug: the length of a str (characters) sent
 * before its UTF-8 bytes. A student's python client does it with len and json
 * framing; the frame error says the message before ended inside a character
 * and that the length counted characters, not bytes, in English and Chinese.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { python } from "./helpers/process.ts";
import { type Said, sayIn } from "../lib/i18n/say.ts";

/** Sends each message the student's way: struct.pack(FMT, len(s)) + s.encode(), or a json header of len(s). */
const STUDENT = `
import socket, struct, sys, json
port, how, *messages = sys.argv[1:]
c = socket.create_connection(("127.0.0.1", int(port)))
for m in messages:
    if how == "json":
        header = json.dumps({"total_size": len(m)}).encode()
        c.sendall(struct.pack("i", len(header)) + header + m.encode())
    else:
        c.sendall(struct.pack(how, len(m)) + m.encode())
c.close()
`;

async function errorFor(framing: string[], how: string, messages: string[]) {
  await using server = new Framecat([
    ...["serve", "127.0.0.1:0", ...framing, "--behavior", "discard", "--output", "json"],
  ]);
  const port = await server.port();
  await python(STUDENT, [`${port}`, how, ...messages]);
  const error = await server.waitFor((evs) => eventsOf(evs, "error")[0]);
  return { error, frames: server.of("frame").map((f) => f.base64) };
}

const COUNTED =
  /the peer counted characters, not bytes \(Python: len\(s\.encode\(\)\), not len\(s\)\)$/;

Deno.test("len, struct.pack('i', len(s)) of Chinese text: the length that follows is too long, and the error says why", async () => {
  const { error, frames } = await errorFor(["--framing", "len", "--prefix", "i"], "i", [
    "你好",
    "世界",
  ]);
  assert.equal(frames.length, 1, "the first message came, cut: 2 bytes of 你");
  assert.match(
    String(error.message),
    /^Cannot decode the frame at offset 6: length \d+ exceeds --max-frame \(16777216 bytes\); the message before it ends inside a UTF-8 character, whose rest \(1 byte\) is read here as a length: /,
  );
  assert.match(String(error.message), COUNTED);
  const zh = sayIn("zh", error.said as Said);
  assert.match(
    zh,
    /前一条消息在一个 UTF-8 字符的中间结束，这个字符剩下的 1 字节在这里被当成了长度来读/,
  );
  assert.match(zh, /对方的长度是按字符数算的，不是按字节数/);
});

Deno.test("len, !I: an ASCII message with one Chinese character makes a small length, and the end of stream says why", async () => {
  const { error } = await errorFor(["--framing", "len", "--prefix", "!I"], "!I", ["hello你"]);
  assert.match(
    String(error.message),
    /^Cannot decode the frame at offset 10: end of stream in the length prefix: got 2 of 4 bytes; the message before it ends inside a UTF-8 character, whose rest \(2 bytes\) /,
  );
  assert.match(String(error.message), COUNTED);
});

Deno.test("len, u32le: the rest of a character and the next prefix read as a length the stream never fills", async () => {
  const { error } = await errorFor(["--framing", "len", "--prefix", "i"], "i", [
    "hello你",
    "hello",
  ]);
  assert.match(String(error.message), /end of stream in the body: got 7 of \d+ bytes; /);
  assert.match(String(error.message), COUNTED);
});

Deno.test("json: a total_size of len(body) for Chinese text says total_size counted characters", async () => {
  const { error } = await errorFor(["--framing", "json", "--prefix", "i"], "json", [
    "你好，世界 hello",
    "x",
  ]);
  assert.match(
    String(error.message),
    /^Cannot decode the JSON header at offset \d+: length \d+ exceeds --max-header \(65536 bytes\); the body before it ends inside a UTF-8 character/,
  );
  assert.match(String(error.message), /total_size counted characters, not bytes/);
});

Deno.test("a wrong prefix with whole characters keeps its byte-order hint", async () => {
  const { error } = await errorFor(["--framing", "len"], "i", ["你好"]);
  assert.match(String(error.message), /read as u32le it is 2, try --prefix u32le/);
});

/**
 * `--prefix i`: the course's own spelling of its `struct.pack('i', n)`
 * prefix. framecat serves the course's JSON-header exec client and receives
 * its uploader's file with it, exactly as the course's Python writes them.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Framecat, serveSave } from "./helpers/cli.ts";
import { output, PYTHON, pythonJson } from "./helpers/process.ts";

interface ExecReply {
  header: { total_size: number; exit_code: number };
  body: string;
}

Deno.test("--prefix i: the course's JSON-header exec client reads framecat's replies", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--behavior",
    "exec",
    "--send-framing",
    "json",
    "--prefix",
    "i",
    "--output",
    "json",
  ]);
  const port = await server.port();
  const replies = await pythonJson<ExecReply[]>("course_json_exec_client.py", [
    `${port}`,
    "seq 500",
    "echo hi",
  ]);
  const seq = Array.from({ length: 500 }, (_, i) => `${i + 1}\n`).join("");
  assert.equal(replies[0].body, seq, "the long reply whole, nothing left for the next one");
  assert.equal(replies[0].header.total_size, seq.length);
  assert.equal(replies[1].body, "hi\n");
  assert.equal(replies[1].header.exit_code, 0);
});

Deno.test("--prefix i: the course's uploader's file is saved byte-identical", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc11" });
  try {
    const data = crypto.getRandomValues(new Uint8Array(50_000));
    await Deno.writeFile(`${dir}/photo.jpg`, data);
    await using server = serveSave(`${dir}/received`, ["--prefix", "i"]);
    const port = await server.port();
    const [reply] = await pythonJson<Array<{ ok: boolean; md5: string }>>(
      "course_file_sender.py",
      [`${port}`, JSON.stringify([{ path: `${dir}/photo.jpg` }])],
    );
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const md5 = createHash("md5").update(data).digest("hex");
    assert.equal(reply.md5, md5);
    assert.deepEqual(await Deno.readFile(`${dir}/received/photo.jpg`), data);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A course client sending a whole file as one message: struct.pack('i', len) + the bytes. */
const SENDS_A_FILE = `
import socket, struct, sys
data = b"a" * int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
try:
    s.sendall(struct.pack('i', len(data)) + data)
    print(s.recv(1024))
except OSError as e:  # the server closed with our bytes unread: a reset
    print(type(e).__name__)
`;

Deno.test("--prefix i: a message a little over --max-frame is said to need a higher --max-frame, not only the other byte order", async () => {
  await using server = new Framecat(
    ["serve", "127.0.0.1:0", "--framing", "len", "--prefix", "i", "--output", "json"],
  );
  const port = await server.port();
  // 17 MiB: as u32be its prefix reads 4097, which alone sent students to the wrong byte order.
  const ended = new TextDecoder().decode(
    await output(PYTHON, ["-c", SENDS_A_FILE, `${port}`, `${17 * 2 ** 20}`]),
  );
  assert.match(ended, /^(b''|ConnectionResetError|BrokenPipeError)$/m, "the server closed it");
  const [error] = await server.waitFor(() => server.of("error").length > 0 && server.of("error"));
  assert.match(
    String(error.message),
    /length 17825792 exceeds --max-frame \(16777216 bytes\); read as u32be it is 4097, try --prefix u32be; or, if it really is that long, raise --max-frame$/,
  );
});

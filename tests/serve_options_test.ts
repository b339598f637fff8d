/** serve's limits and the interactive side: --max-conns, --idle-timeout, --once, print, the prompt. */
import assert from "node:assert/strict";
import {
  connectTo,
  eventsOf,
  Framecat,
  framecatArgs,
  messageOf,
  runFramecat,
  servePrint,
  serveSave,
} from "./helpers/cli.ts";
import { readBytes, readToEnd, text, writeAll } from "./helpers/net.ts";
import { python } from "./helpers/process.ts";
import net from "node:net";
import { once } from "node:events";
import { Buffer } from "node:buffer";

const J = ["--output", "json"];

Deno.test("--max-conns: a connection beyond the limit is closed at once", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--max-conns", "1", ...J]);
  const port = await server.port();
  const first = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(first, text("x"));
  await readBytes(first, 1);
  const second = await Deno.connect({ hostname: "127.0.0.1", port });
  assert.equal((await readToEnd(second, 5000)).length, 0, "closed without a reply");
  second.close();
  first.close();
  const info = await server.waitFor((evs) => evs.find((e) => /--max-conns 1/.test(messageOf(e))));
  assert.equal(info.event, "info");
});

Deno.test("--idle-timeout: a silent peer is closed, reason idle", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--idle-timeout", "300ms", ...J]);
  const port = await server.port();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  assert.equal((await readToEnd(conn, 5000)).length, 0);
  conn.close();
  const closed = await server.waitFor((evs) => eventsOf(evs, "closed")[0]);
  assert.equal(closed.reason, "idle");
});

Deno.test("--idle-timeout 2s: a peer is closed 2 s after it last spoke, not up to twice that", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--idle-timeout", "2s", ...J]);
  const port = await server.port();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  // It speaks at once: a check once every timeout saw that at 2 s, and closed it at 4 s.
  await conn.write(new TextEncoder().encode("x"));
  const spoke = Date.now();
  assert.equal((await readToEnd(conn, 10_000)).length, 1, "the echo, then the close");
  const silent = Date.now() - spoke;
  conn.close();
  // Not before the 2 s: no upper bound, as a loaded machine may close it late.
  assert.ok(silent >= 1_900, `closed after ${silent} ms of silence`);
  const closed = await server.waitFor((evs) => eventsOf(evs, "closed")[0]);
  assert.equal(closed.reason, "idle");
});

Deno.test("--once: TCP exits after the first connection; UDP after the first exchange", async () => {
  await using tcp = new Framecat(["serve", "127.0.0.1:0", "--once", ...J]);
  const port = await tcp.port();
  const sent = await runFramecat(["connect", `${port}`, "--send", "x", "--expect", "1", ...J]);
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal((await tcp.exited()).code, 0);
  await using udp = new Framecat(["serve", "udp://127.0.0.1:0", "--once", ...J]);
  const udpPort = await udp.port();
  const client = await runFramecat([
    "connect",
    `udp://127.0.0.1:${udpPort}`,
    "--send",
    "y",
    "--expect",
    "1",
    ...J,
  ]);
  assert.equal(eventsOf(client.events, "frame")[0]?.text, "y");
  assert.equal((await udp.exited()).code, 0);
});

Deno.test("print: lines typed on the server's stdin go to every connected peer", async () => {
  await using server = servePrint();
  const port = await server.port();
  const a = await Deno.connect({ hostname: "127.0.0.1", port });
  const b = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await server.waitFor((evs) => eventsOf(evs, "connected").length === 2);
    const w = server.stdin.getWriter();
    await w.write(text("announcement\n"));
    w.releaseLock();
    for (const conn of [a, b]) {
      assert.equal(new TextDecoder().decode(await readBytes(conn, 13)), "announcement\n");
    }
    await writeAll(a, text("from a\n"));
    const frame = await server.waitFor((evs) => eventsOf(evs, "frame")[0]);
    assert.equal(frame.text, "from a");
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("print and chat: a typed line says it was sent, and to whom, without -v (a reply stays detail)", async () => {
  for (const behavior of ["print", "chat", "echo"]) {
    await using server = new Framecat(["serve", "127.0.0.1:0", "--behavior", behavior], {
      stdin: true,
      keepStdout: true,
    });
    // What was sent and read is on stdout, the connection's own lines on stderr.
    const said = () => server.stdout + server.stderr;
    const listening = /Listening on tcp:\/\/127\.0\.0\.1:(\d+)/;
    const port = Number(await server.waitFor(() => listening.exec(said())?.[1]));
    using conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await server.waitFor(() => /connected/.test(said()) || undefined);
    if (behavior === "echo") {
      await writeAll(conn, text("ping\n"));
      assert.equal(new TextDecoder().decode(await readBytes(conn, 5)), "ping\n");
      await server.waitFor(() => /read #1/.test(said()) || undefined);
      assert.doesNotMatch(said(), / sent /, "an echo's reply is detail");
      continue;
    }
    const w = server.stdin.getWriter();
    await w.write(text("hello class\n"));
    w.releaseLock();
    const got = behavior === "chat" ? "[server] hello class\n" : "hello class";
    assert.equal(new TextDecoder().decode(await readBytes(conn, got.length)), got);
    const shown = await server.waitFor(() => /^.* sent \d+ B .*hello class.*$/m.exec(said())?.[0]);
    assert.match(shown, /^[\d:.]+ 127\.0\.0\.1:\d+ sent/, `${behavior}: the peer it went to`);
  }
});

Deno.test("interactive connect: the >>> prompt on a terminal, one message per line", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--behavior", "upper", ...J]);
  const port = await server.port();
  // python3's pty gives connect a real terminal: it types two lines, then Ctrl-D.
  const out = await python(
    `
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
def pump(until, secs=10):
    global out
    end = time.time() + secs
    while until not in out and time.time() < end:
        try:
            out += os.read(fd, 4096)
        except OSError:
            break
pump(b'>>> ')
os.write(fd, b'hello\\n')
pump(b'HELLO')
os.write(fd, b'again\\n')
pump(b'AGAIN')
os.write(fd, b'\\x04')
pump(b'closed', 5)
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
`,
    [Deno.execPath(), ...framecatArgs(["connect", `${port}`])],
    { timeoutMs: 30_000 },
  );
  assert.match(out, />>> /);
  assert.match(out, /read #1 5 B "HELLO"/);
  assert.match(out, /"AGAIN"/);
  // Each frame event comes before its reply, which the client has shown.
  const frames = await server.waitFor((evs) => {
    const found = eventsOf(evs, "frame");
    return found.length === 2 && found;
  });
  assert.deepEqual(
    frames.map((f) => f.text),
    ["hello", "again"],
    "the newline is not sent in raw framing",
  );
});

Deno.test("--output hex: each read is followed by an xxd-style dump on stdout", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", ...J]);
  const port = await server.port();
  const client = await connectTo(port, [
    "--send",
    "helloworld",
    "--output",
    "hex",
    "--expect",
    "1",
  ]);
  assert.equal(client.code, 0, client.stderr);
  assert.match(client.stdout, /read #1 10 B "helloworld"/);
  assert.match(client.stdout, /\n {2}00000000: 6865 6c6c 6f77 6f72 6c64 +helloworld\n/);
});

Deno.test("stats: a connection an error was said about counts once in errors (a refused file, a malformed frame)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc_errors_" });
  try {
    await Deno.writeTextFile(`${dir}/taken.txt`, "here first\n");
    await Deno.writeTextFile(`${dir}/new.txt`, "fresh\n");
    await using server = serveSave(`${dir}/in`);
    const port = await server.port();
    await Deno.mkdir(`${dir}/in`, { recursive: true });
    await Deno.copyFile(`${dir}/taken.txt`, `${dir}/in/taken.txt`);
    const send = (file: string) =>
      runFramecat(["connect", String(port), "--framing", "json", "--send-file", `${dir}/${file}`]);
    assert.equal((await send("taken.txt")).code, 1, "refused: it exists");
    assert.equal((await send("new.txt")).code, 0);
    // A malformed frame: a length prefix larger than --max-frame.
    using bad = await Deno.connect({ hostname: "127.0.0.1", port });
    await writeAll(bad, Uint8Array.of(0x7f, 0xff, 0xff, 0xff));
    await readToEnd(bad);
    await server.waitFor((evs) => eventsOf(evs, "closed").length === 3 || undefined);
    await server.stop();
    const [stats] = eventsOf(server.events, "stats", "serve");
    assert.ok(eventsOf(server.events, "error").length >= 2);
    assert.deepEqual([stats.connections, stats.errors], [3, 2], JSON.stringify(stats));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stats: a file cut short by a client's reset is an error the stats count, said as the connection ends", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc_errors_late_" });
  try {
    await using server = serveSave(dir);
    const port = await server.port();
    // A client cut off midway: a header for 10 MB, 100 kB of it, then a reset (SO_LINGER 0, as
    // node's resetAndDestroy closes), once the server has read all it sent: a reset that came
    // first would discard what it had not read.
    const header = new TextEncoder().encode(
      JSON.stringify({ file_name: "big.bin", total_size: 10_000_000 }),
    );
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, header.length);
    const sock = net.connect(port, "127.0.0.1");
    await once(sock, "connect");
    sock.write(Buffer.concat([prefix, header, Buffer.alloc(100_000, 0x78)]));
    const all = 4 + header.length + 100_000;
    await server.waitFor((evs) =>
      eventsOf(evs, "read").reduce((n, r) => n + (r.bytes ?? 0), 0) >= all || undefined
    );
    sock.resetAndDestroy();
    await server.waitFor((evs) =>
      eventsOf(evs, "error").some((e) => /nothing saved/.test(messageOf(e))) || undefined
    );
    await server.stop();
    const [stats] = eventsOf(server.events, "stats", "serve");
    assert.deepEqual([stats.connections, stats.errors], [1, 1], JSON.stringify(stats));
    assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing saved, no partial file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

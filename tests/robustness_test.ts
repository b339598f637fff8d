/**
 * A server under bad input keeps serving: garbage, a 4 GiB length, an invalid
 * JSON header, a reset mid-frame, 500 idle connections, 1,000 busy clients.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import net from "node:net";
import { createDecoder, createEncoder } from "../lib/framing/mod.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { readBytes, readFrames, text, writeAll } from "./helpers/net.ts";

const J = ["--output", "json"];

/** A well-behaved len-framed round trip; fails the test if the server stopped answering. */
async function goodClient(port: number, word: string): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await writeAll(conn, createEncoder("len").encode(text(word)));
    const reply = await readBytes(conn, 4 + word.length, 5000);
    const frames = createDecoder("len").push(reply);
    assert.equal(new TextDecoder().decode(frames[0]?.payload), word);
  } finally {
    conn.close();
  }
}

async function sendAndExpectClose(port: number, bytes: Uint8Array): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(conn, bytes);
  const rest = await readBytes(conn, 1, 5000); // EOF: the server closed this connection
  assert.equal(rest.length, 0);
  conn.close();
}

Deno.test("bad peers are closed with an error event; a good client is answered throughout", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--framing", "len", ...J]);
  const port = await server.port();
  await goodClient(port, "before");

  // 4 GiB − 1 announced: refused before anything is allocated.
  await sendAndExpectClose(port, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2, 3));
  await goodClient(port, "after-huge");
  // An HTTP request where a length prefix belongs.
  await sendAndExpectClose(port, text("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  await goodClient(port, "after-garbage");
  // struct.pack('i', 5) read as u32be: a byte-swapped length.
  await sendAndExpectClose(port, Uint8Array.of(5, 0, 0, 0, ...text("hello")));
  await goodClient(port, "after-swapped");

  // A reset in the middle of a frame: a real RST (SO_LINGER 0), not Deno's close (a FIN).
  const rude = net.connect({ host: "127.0.0.1", port });
  await once(rude, "connect");
  await new Promise((done) => rude.write(Uint8Array.of(0, 0, 0, 100, 1, 2, 3), done));
  const rudePeer = `127.0.0.1:${rude.localPort}`;
  // The server has the connection and the start of the frame: the reset comes mid-frame, and
  // never to a connection still waiting to be accepted (that one is skipped without a word).
  await server.waitFor(
    (evs) => eventsOf(evs, "read").find((e) => e.peer === rudePeer),
    20_000,
    "the rude client's first bytes read",
  );
  rude.resetAndDestroy();
  const reset = await server.waitFor(
    (evs) => eventsOf(evs, "closed").find((e) => e.peer === rudePeer),
    20_000,
    "the reset connection closed",
  );
  assert.equal(reset.reason, "reset");
  await goodClient(port, "after-reset");
  // A frame cut by end of file (a FIN) is an error of its own.
  const cut = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(cut, Uint8Array.of(0, 0, 0, 100, 1, 2, 3));
  cut.close();
  await goodClient(port, "after-cut");

  const errors = await server.waitFor(
    (evs) => {
      const e = evs.filter((x) => x.event === "error");
      return e.length >= 4 && e;
    },
    5000,
    "four error events",
  );
  const messages = errors.map((e) => String(e.message));
  assert.ok(messages.some((m) => /max-frame/.test(m)), messages.join("\n"));
  assert.ok(errors.some((e) => /sending text.*--framing line/.test(String(e.hint ?? e.message))));
  assert.ok(errors.some((e) => /try --prefix u32le/.test(String(e.hint ?? e.message))));
  assert.ok(messages.some((m) => /got \d+ of 100 bytes/.test(m)), messages.join("\n"));
});

Deno.test("an invalid JSON header closes that connection only", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--framing", "json", ...J]);
  const port = await server.port();
  const bad = text('{"total_size": 3,,}');
  await sendAndExpectClose(port, Uint8Array.of(0, 0, 0, bad.length, ...bad));
  const err = await server.waitFor((evs) => eventsOf(evs, "error")[0]);
  assert.match(String(err.message), /JSON/);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const frame = createEncoder("json").encode(text("ok"), { note: "fine" });
  await writeAll(conn, frame);
  const reply = await readFrames(conn, createDecoder("json"), 1, 5000);
  conn.close();
  assert.equal(new TextDecoder().decode(reply[0].payload), "ok");
  assert.equal(reply[0].header?.note, "fine");
});

Deno.test("500 idle connections do not stop the server from answering", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--framing", "len", "-q", ...J]);
  const port = await server.port();
  const idle: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 500; i++) idle.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    await goodClient(port, "still here");
  } finally {
    for (const c of idle) c.close();
  }
});

Deno.test("1,000 concurrent clients each echo 20 framed messages, nothing lost or mixed", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--framing", "len", "-q", ...J]);
  const port = await server.port();
  const client = async (id: number) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      const encoder = createEncoder("len");
      const messages = Array.from(
        { length: 20 },
        (_, i) => text(`client ${id} message ${i} `.repeat(1 + (i % 3))),
      );
      const writing = (async () => {
        for (const m of messages) await writeAll(conn, encoder.encode(m));
      })();
      const frames = await readFrames(conn, createDecoder("len"), 20, 60_000);
      await writing;
      assert.equal(frames.length, 20, `client ${id}`);
      frames.forEach((f, i) => assert.deepEqual(f.payload, messages[i]));
    } finally {
      conn.close();
    }
  };
  // All 1,000 connected at once; their traffic interleaves on the server.
  await Promise.all(Array.from({ length: 1000 }, (_, id) => client(id)));
});

Deno.test("a good frame in the same read as bad bytes is still answered before the close", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--framing", "len", ...J]);
  const port = await server.port();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const good = createEncoder("len").encode(text("kept"));
  await writeAll(conn, Uint8Array.of(...good, 0xff, 0xff, 0xff, 0xff));
  const frames = await readFrames(conn, createDecoder("len"), 2, 5000);
  conn.close();
  assert.deepEqual(frames.map((f) => new TextDecoder().decode(f.payload)), ["kept"]);
  const error = await server.waitFor((evs) => eventsOf(evs, "error")[0]);
  assert.equal(error.offset, 8);
});

/**
 * What users type or pipe in: hex lines (--input hex) as exact messages, a
 * line that cannot be read refused by number while the others go, sends
 * repeated until stopped (--count 0), and a typed `@HOST:PORT message` to one
 * peer of a print or chat server.
 */
import assert from "node:assert/strict";
import { createDecoder } from "../lib/framing/mod.ts";
import { connectTo, eventsOf, Framecat, messageOf, servePrint } from "./helpers/cli.ts";
import { readBytes, readFrames, readToEnd, text, writeAll } from "./helpers/net.ts";

const J = ["--output", "json"];

/** A len-framed listener: the frames of its first connection, read until `n` came or EOF. */
function lenListener(n: number) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const frames = listener.accept().then(async (conn) => {
    try {
      return await readFrames(conn, createDecoder("len", { prefix: "u32be", maxFrame: 1024 }), n);
    } finally {
      conn.close();
    }
  });
  return { listener, port: listener.addr.port, frames };
}

Deno.test("connect --input hex: three piped hex lines are three exact messages", async () => {
  const { listener, port, frames } = lenListener(3);
  using _ = listener;
  const client = await connectTo(
    port,
    ["--framing", "len", "--input", "hex", "--wait", "0", ...J],
    {
      stdin: "01 03 00 00 00 02 C4 0B\n0x41,0x42\r\n\\x00\\xff\n",
    },
  );
  assert.equal(client.code, 0, client.stderr);
  assert.deepEqual(
    (await frames).map((f) => f.payload.toHex()),
    ["010300000002c40b", "4142", "00ff"],
  );
  assert.deepEqual(eventsOf(client.events, "sent").map((e) => e.bytes), [8, 2, 2]);
});

Deno.test("connect: a piped line that cannot be read is refused by its number; the rest go", async () => {
  const { listener, port, frames } = lenListener(2);
  using _ = listener;
  const hex = await connectTo(port, ["--framing", "len", "--input", "hex", "--wait", "0", ...J], {
    stdin: "4142\n01 03 C4 0\n4344\n",
  });
  assert.equal(hex.code, 0, hex.stderr);
  assert.deepEqual((await frames).map((f) => f.payload.toHex()), ["4142", "4344"]);
  const [refused] = eventsOf(hex.events, "error");
  assert.match(
    String(refused.message),
    /^line 2 not sent: Cannot read the hex "01 03 C4 0": "0" has an odd number of digits \(1\).* at character 10/,
  );
  // The same for text with -e: one escape rule everywhere.
  const second = lenListener(1);
  using _second = second.listener;
  const escaped = await connectTo(second.port, ["--framing", "len", "-e", "--wait", "0", ...J], {
    stdin: "C:\\path\nok\\x21\n",
  });
  assert.deepEqual((await second.frames).map((f) => new TextDecoder().decode(f.payload)), ["ok!"]);
  assert.match(
    String(eventsOf(escaped.events, "error")[0]?.message),
    /^line 1 not sent: Cannot read the escape "\\p" at character 3: use \\r/,
  );
});

Deno.test("connect: a piped line that is not UTF-8 is read in --encoding (a gbk file, --encoding gbk); one that is neither is refused by its number, never sent changed", async () => {
  const { listener, port, frames } = lenListener(4);
  using _ = listener;
  const gbk = Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好, as a file saved in gbk holds it
  const stdin = new Uint8Array([
    ...new TextEncoder().encode("ok\n"),
    ...gbk,
    0x0a,
    ...[0x61, 0xff, 0xfe, 0x62, 0x0a], // a, two bytes that begin no character in either, b
    ...new TextEncoder().encode("你好\r\nlast"),
  ]);
  const run = await connectTo(
    port,
    ["--framing", "len", "--encoding", "gbk", "--wait", "0", ...J],
    { stdin },
  );
  assert.equal(run.code, 0, run.stderr);
  // The gbk line goes as it was; typed text (UTF-8) is written in gbk; line 3 is not sent at all.
  assert.deepEqual(
    (await frames).map((f) => f.payload.toHex()),
    ["6f6b", gbk.toHex(), gbk.toHex(), "6c617374"],
  );
  assert.deepEqual(eventsOf(run.events, "error").map((e) => e.message), [
    "line 3 not sent: it is not UTF-8 text (byte 2 is 0xff), and lines are read as UTF-8 or in --encoding; name the file's encoding (--encoding gbk), convert it (iconv -f GBK -t UTF-8), or send its bytes as they are with --framing raw",
  ]);
  // Without --encoding, the gbk line is refused, and the message says how to name its encoding.
  const { listener: plain, port: plainPort, frames: plainFrames } = lenListener(1);
  using _plain = plain;
  const refused = await connectTo(plainPort, ["--framing", "len", "--wait", "0", ...J], {
    stdin: new Uint8Array([...gbk, 0x0a, 0x6f, 0x6b, 0x0a]),
  });
  assert.deepEqual((await plainFrames).map((f) => f.payload.toHex()), ["6f6b"]);
  assert.match(
    eventsOf(refused.events, "error")[0].message as string,
    /^line 1 not sent: .*--encoding gbk/,
  );
});

Deno.test("connect: a piped line of 2 MiB goes as one message; one over 16 MiB is refused by its number, never cut in pieces the peer would take for several", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  using _ = listener;
  const frames = listener.accept().then(async (conn) => {
    try {
      const decoder = createDecoder("len", { prefix: "u32be", maxFrame: 4 * 1024 * 1024 });
      return await readFrames(conn, decoder, 2);
    } finally {
      conn.close();
    }
  });
  const long = "a".repeat(2 * 1024 * 1024 - 1) + "你";
  const tooLong = "b".repeat(16 * 1024 * 1024 + 1);
  const run = await connectTo(listener.addr.port, ["--framing", "len", "--wait", "0", ...J], {
    stdin: `${long}\n${tooLong}\nlast\n`,
  });
  assert.equal(run.code, 0, run.stderr);
  const [first, second] = (await frames).map((f) =>
    new TextDecoder("utf-8", { fatal: true }).decode(f.payload)
  );
  assert.equal(first, long);
  assert.equal(second, "last");
  assert.deepEqual(eventsOf(run.events, "error").map((e) => e.message), [
    "line 2 not sent: it is longer than 16 MiB, the longest line read; send a file whole with --send-file, or its bytes as they come with --framing raw",
  ]);
});

Deno.test("connect --count 0 repeats until stopped: here by the peer leaving after 25", async () => {
  const { listener, port, frames } = lenListener(25);
  using _ = listener;
  const client = await connectTo(port, [
    ...["--framing", "len", "--send", "poll", "--count", "0", "--interval", "5"],
    ...J,
  ]);
  assert.equal((await frames).length, 25);
  assert.equal(client.code, 0, client.stderr);
  assert.ok(eventsOf(client.events, "sent").length >= 25);
});

Deno.test("connect --count 0 repeats until stopped: here by Ctrl-C, with its closing events", async () => {
  const { listener, port, frames } = lenListener(1_000_000);
  using _ = listener;
  await using client = new Framecat([
    ...["connect", `${port}`, "--framing", "len", "--send", "tick", "--count", "0"],
    ...["--interval", "5", ...J],
  ]);
  await client.waitFor((evs) => eventsOf(evs, "sent").length >= 10);
  const status = await client.stop("SIGINT");
  assert.equal(status.code, 0, client.stderr);
  const sent = client.of("sent").length;
  const received = await frames;
  assert.equal(received.length, sent, "every message said to be sent arrived, and no more");
  assert.ok(client.of("closed").length === 1);
});

/** Two clients of a line server, each reading its lines; `name` is how the server calls it. */
async function lineClient(port: number) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const name = `127.0.0.1:${(conn.localAddr as Deno.NetAddr).port}`;
  let got = "";
  const done = (async () => {
    const buf = new Uint8Array(4096);
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf).catch(() => null)) {
      got += new TextDecoder().decode(buf.subarray(0, n));
    }
  })();
  return {
    conn,
    name,
    lines: () => got.split("\n").filter((l) => l !== ""),
    async close() {
      conn.close();
      await done;
    },
  };
}

Deno.test("print: a typed @HOST:PORT message goes to that peer alone; a plain line to all", async () => {
  await using server = servePrint();
  const port = await server.port();
  const a = await lineClient(port);
  const b = await lineClient(port);
  const stdin = server.stdin.getWriter();
  try {
    await server.waitFor((evs) => eventsOf(evs, "connected").length === 2);
    await stdin.write(text(`@${b.name} only for b\neveryone\n@127.0.0.1:1 nobody\n@bob hi\n`));
    await server.waitFor((evs) => evs.some((e) => /line 3 not sent/.test(messageOf(e))));
    const until = Date.now() + 5000;
    while ((a.lines().length < 2 || b.lines().length < 3) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(a.lines(), ["everyone", "@bob hi"]);
    assert.deepEqual(b.lines(), ["only for b", "everyone", "@bob hi"]);
    const refused = server.events.find((e) => /line 3 not sent/.test(messageOf(e)))!;
    assert.match(
      messageOf(refused),
      /no peer 127\.0\.0\.1:1 is connected \(connected: 127\.0\.0\.1:\d+, /,
    );
  } finally {
    await stdin.close().catch(() => {});
    await a.close();
    await b.close();
  }
});

Deno.test("print: a typed @HOST:PORT with nobody connected says so in words (not '(connected: none is)')", async () => {
  await using server = servePrint();
  await server.port();
  const stdin = server.stdin.getWriter();
  try {
    await stdin.write(text("@127.0.0.1:1 nobody\n"));
    const [refused] = await server.waitFor((evs) => {
      const found = evs.filter((e) => /line 1 not sent/.test(messageOf(e)));
      return found.length > 0 && found;
    });
    assert.equal(
      messageOf(refused),
      "line 1 not sent: 127.0.0.1:1 is not connected, and no peer is",
    );
  } finally {
    await stdin.close().catch(() => {});
  }
});

Deno.test("chat: the server's user types to every member, or to one with @HOST:PORT", async () => {
  await using server = new Framecat(
    ["serve", "127.0.0.1:0", "--behavior", "chat", "--framing", "line", ...J],
    { stdin: true },
  );
  const port = await server.port();
  const a = await lineClient(port);
  const b = await lineClient(port);
  const stdin = server.stdin.getWriter();
  try {
    await server.waitFor((evs) =>
      eventsOf(evs, "info", "chat").filter((e) => e.chat === "join").length === 2
    );
    await stdin.write(text(`@${a.name} psst\nhello all\n`));
    const until = Date.now() + 5000;
    while ((a.lines().length < 2 || b.lines().length < 1) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(a.lines(), ["[server] psst", "[server] hello all"]);
    assert.deepEqual(b.lines(), ["[server] hello all"]);
  } finally {
    await stdin.close().catch(() => {});
    await a.close();
    await b.close();
  }
});

/** The server's chat `join` events, waited for until `n` came. */
function joined(server: Framecat, n: number) {
  return server.waitFor((evs) =>
    eventsOf(evs, "info", "chat").filter((e) => e.chat === "join").length === n
  );
}

Deno.test("chat, raw framing over TCP: a typed [server] line ends with a newline, as nc members' lines do", async () => {
  await using server = new Framecat(
    ["serve", "127.0.0.1:0", "--behavior", "chat", ...J],
    { stdin: true },
  );
  const port = await server.port();
  // Two members as nc is one: raw bytes, each line ended by the member itself.
  using reader = await Deno.connect({ hostname: "127.0.0.1", port });
  using talker = await Deno.connect({ hostname: "127.0.0.1", port });
  const stdin = server.stdin.getWriter();
  try {
    await joined(server, 2);
    await stdin.write(text("hi all\n"));
    await server.waitFor((evs) => eventsOf(evs, "sent").length >= 2);
    await writeAll(talker, text("yo\n"));
    const name = `127.0.0.1:${(talker.localAddr as Deno.NetAddr).port}`;
    const want = `[server] hi all\n[${name}] yo\n`;
    const got = new TextDecoder().decode(await readBytes(reader, text(want).length, 5000));
    assert.equal(got, want);
  } finally {
    await stdin.close().catch(() => {});
  }
});

Deno.test("print, raw framing: a typed line goes as typed, or ended with \\r\\n under --crlf (nc -C)", async () => {
  for (const [crlf, want] of [[[], "as typed"], [["--crlf"], "as typed\r\n"]] as const) {
    await using server = new Framecat(
      ["serve", "127.0.0.1:0", "--behavior", "print", ...crlf, ...J],
      { stdin: true },
    );
    const port = await server.port();
    using peer = await Deno.connect({ hostname: "127.0.0.1", port });
    const stdin = server.stdin.getWriter();
    try {
      await server.waitFor((evs) => eventsOf(evs, "connected").length === 1);
      await stdin.write(text("as typed\n"));
      await stdin.close();
      // What came before the server closes the connection at its stop: the line, nothing else.
      await server.waitFor((evs) => eventsOf(evs, "sent").length === 1);
      await server.stop();
      assert.equal(new TextDecoder().decode(await readToEnd(peer, 5000)), want);
    } finally {
      await stdin.close().catch(() => {});
    }
  }
});

/**
 * framecat web's HTTP API and its gate, driven as a script would drive it.
 * What the API does is asked of its Request → Response handler
 * (Workspace.handler: real sessions, real sockets to their peers, a real
 * python client); what the gate and the HTTP server do, of framecat web on a
 * real socket with real WebSockets (the page's own tests are in
 * web_page_test.ts).
 */
import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { eventsOf, runFramecat } from "./helpers/cli.ts";
import { lenFrame, PyLenClient, Workspace } from "./helpers/web.ts";
import { sayIn } from "../lib/i18n/say.ts";
import { MAX_BODY, MAX_PAGE_FILE } from "../lib/shared/limits.js";
import { MAX_DATAGRAM } from "../lib/transport/datagram.ts";

/** One raw HTTP/1.1 request, with whatever Host and headers we like; its status line. */
async function rawStatus(port: number, lines: string[]): Promise<string> {
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode([...lines, "Connection: close", "", ""].join("\r\n")));
  const buf = new Uint8Array(4096);
  let got = "";
  while (!got.includes("\r\n")) {
    const n = await conn.read(buf);
    if (n === null) break;
    got += new TextDecoder().decode(buf.subarray(0, n));
  }
  return got.split("\r\n")[0];
}

const upgrade = [
  "Upgrade: websocket",
  "Connection: Upgrade",
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
  "Sec-WebSocket-Version: 13",
];

Deno.test("web: without the token the page, the API and the WebSocket are 403", async () => {
  await using ws = await Workspace.start();
  const { id } = await ws.listen(["serve", "tcp://127.0.0.1:0"]);
  for (const path of ["/", "/app.js", "/api/sessions", `/api/sessions/${id}`]) {
    const res = await fetch(ws.base + path);
    assertEquals(res.status, 403, path);
    assertMatch((await res.json()).error, /token/);
    const wrong = await fetch(`${ws.base}${path}?token=${"0".repeat(64)}`);
    assertEquals(wrong.status, 403, `${path} with a wrong token`);
    await wrong.body?.cancel();
  }
  const host = `Host: 127.0.0.1:${new URL(ws.base).port}`;
  const port = Number(new URL(ws.base).port);
  assertMatch(
    await rawStatus(port, [`GET /api/sessions/${id}/events HTTP/1.1`, host, ...upgrade]),
    / 403 /,
  );
  // The same upgrade with the token is accepted: the 403 above was the token's doing.
  assertMatch(
    await rawStatus(port, [
      `GET /api/sessions/${id}/events?token=${ws.token} HTTP/1.1`,
      host,
      ...upgrade,
    ]),
    / 101 /,
  );
  assertEquals((await ws.call("GET", "/api/sessions")).status, 200);
});

Deno.test("web: a foreign Host (DNS rebinding) and a foreign Origin are 403, token or not", async () => {
  await using ws = await Workspace.start();
  const { id } = await ws.listen(["serve", "tcp://127.0.0.1:0"]);
  const port = Number(new URL(ws.base).port);
  const get = (path: string) =>
    `GET ${path}${path.includes("?") ? "&" : "?"}token=${ws.token} HTTP/1.1`;
  assertMatch(await rawStatus(port, [get("/"), `Host: attacker.example:${port}`]), / 403 /);
  assertMatch(await rawStatus(port, [get("/api/sessions"), `Host: attacker.example`]), / 403 /);
  assertMatch(await rawStatus(port, [get("/"), `Host: localhost:${port}`]), / 200 /);
  const events = get(`/api/sessions/${id}/events`);
  assertMatch(
    await rawStatus(port, [
      events,
      `Host: 127.0.0.1:${port}`,
      "Origin: http://attacker.example",
      ...upgrade,
    ]),
    / 403 /,
  );
  assertMatch(
    await rawStatus(port, [
      events,
      `Host: 127.0.0.1:${port}`,
      `Origin: http://127.0.0.1:${port}`,
      ...upgrade,
    ]),
    / 101 /,
  );
});

Deno.test("web: TRACE and CONNECT are answered 405, HEAD of the page 200", async () => {
  await using ws = await Workspace.start();
  const port = Number(new URL(ws.base).port);
  const host = `Host: 127.0.0.1:${port}`;
  assertMatch(await rawStatus(port, [`TRACE /?token=${ws.token} HTTP/1.1`, host]), / 405 /);
  assertMatch(await rawStatus(port, [`CONNECT 127.0.0.1:${port} HTTP/1.1`, host]), / 405 /);
  assertMatch(await rawStatus(port, [`HEAD /?token=${ws.token} HTTP/1.1`, host]), / 200 /);
  assertEquals((await ws.call("GET", "/api/sessions")).status, 200);
});

Deno.test("web: a message larger than a datagram is refused for a UDP peer, not counted as sent", async () => {
  await using ws = Workspace.handler();
  const server = await ws.listen(["serve", "udp://127.0.0.1:0", "--behavior", "discard"]);
  const client = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  try {
    await client.send(new TextEncoder().encode("hi"), {
      transport: "udp",
      hostname: "127.0.0.1",
      port: server.port,
    });
    await ws.until(async () => (await ws.session(server.id)).peers.length === 1 || undefined);
    const big = new Uint8Array(70_000).toBase64();
    const sent = await ws.call("POST", `/api/sessions/${server.id}/send`, { base64: big });
    assertEquals(sent.status, 400);
    assertMatch(sent.body.error, /the message is 70000 B, more than one UDP datagram holds/);
    assertEquals((await ws.session(server.id)).peers[0].sends, 0);
  } finally {
    client.close();
  }
});

Deno.test("web: a UDP peer's size check counts the datagram as it leaves: json header, newline", async () => {
  await using ws = Workspace.handler();
  const json = await ws.listen([
    "serve",
    "udp://127.0.0.1:0",
    "--framing",
    "json",
    "--behavior",
    "discard",
  ]);
  const line = await ws.listen([
    "serve",
    "udp://127.0.0.1:0",
    "--framing",
    "line",
    "--behavior",
    "discard",
  ]);
  const client = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  try {
    const header = new TextEncoder().encode(JSON.stringify({ total_size: 0 }));
    const hello = new Uint8Array([0, 0, 0, header.length, ...header]);
    for (const { port } of [json, line]) {
      await client.send(hello, { transport: "udp", hostname: "127.0.0.1", port });
    }
    for (const { id } of [json, line]) {
      await ws.until(async () => (await ws.session(id)).peers.length === 1 || undefined);
    }
    const send = (id: string, size: number) =>
      ws.call("POST", `/api/sessions/${id}/send`, { base64: new Uint8Array(size).toBase64() });
    // The u32be prefix and the header framecat writes ({"total_size":N,"md5":"…"}) go with it.
    const overhead = 4 + JSON.stringify({ total_size: 65_000, md5: "0".repeat(32) }).length;
    const fits = MAX_DATAGRAM - overhead;
    // A message that one datagram would hold alone, but not with its header.
    const over = await send(json.id, fits + 1);
    assertEquals([over.status, over.body.said], [400, {
      key: "udp.framed_too_big",
      vars: { payload: fits + 1, bytes: MAX_DATAGRAM + 1, max: MAX_DATAGRAM },
    }]);
    assertMatch(
      over.body.error,
      new RegExp(`^the message is ${fits + 1} B \\(${MAX_DATAGRAM + 1} B with its framing\\)`),
    );
    assertEquals((await ws.session(json.id)).peers[0].sends, 0);
    // One byte less fills a datagram exactly, and arrives whole.
    assertEquals((await send(json.id, fits)).body, { sent: 1 });
    const [got] = await client.receive(new Uint8Array(MAX_DATAGRAM + 100));
    assertEquals(got.length, MAX_DATAGRAM);
    // line framing's newline counts too.
    const newline = await send(line.id, MAX_DATAGRAM);
    assertEquals([newline.status, newline.body.said?.key], [400, "udp.framed_too_big"]);
    assertEquals((await ws.session(line.id)).peers[0].sends, 0);
  } finally {
    client.close();
  }
});

/** How many bytes the kernel holds, unsent or unacknowledged, on `from`'s TCP socket to `to` (Linux). */
async function queuedOnSocket(from: number, to: number): Promise<number> {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
  for (const row of (await Deno.readTextFile("/proc/net/tcp")).split("\n").slice(1)) {
    const [, local, remote, , queues] = row.trim().split(/\s+/);
    if (local?.endsWith(`:${hex(from)}`) && remote?.endsWith(`:${hex(to)}`)) {
      return parseInt(queues.split(":")[0], 16);
    }
  }
  return 0;
}

Deno.test("web: a timed send cut short by its session's stop says so, with what it sent", async () => {
  await using ws = Workspace.handler();
  const { id, port } = await ws.discardServer("len");
  await using py = new PyLenClient(port);
  await py.connected();
  await ws.until(async () => (await ws.session(id)).peers.length === 1 || undefined);
  // Three times a minute apart: the stop comes in the first wait.
  const sending = ws.call("POST", `/api/sessions/${id}/send`, {
    text: "tick",
    count: 3,
    interval: 60_000,
  });
  await ws.until(async () => (await ws.session(id)).repeats[0]?.rounds === 1 || undefined);
  assertEquals((await ws.call("DELETE", `/api/sessions/${id}`)).body.state, "stopped");
  const answer = await sending;
  assertEquals(answer, {
    status: 409,
    body: {
      error: "the session was stopped before the send was done: 1 message was sent",
      said: { key: "web.send_stopped", vars: { sent: 1 } },
      sent: 1,
    },
  });
  assertEquals(await py.frames(1), ["tick"]);
  // A stopped session takes no more sends.
  const after = await ws.call("POST", `/api/sessions/${id}/send`, { text: "late" });
  assertEquals(after.status, 409);
});

Deno.test({
  name: "web: a message its session's stop cut off in the middle is not counted as sent",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    await using ws = Workspace.handler();
    const { id, port } = await ws.discardServer("raw");
    // A peer that reads nothing: a message far bigger than the sockets' buffers stays half written.
    await using py = new PyLenClient(port);
    const peer = Number((await py.connected()).split(":")[1]);
    await ws.until(async () => (await ws.session(id)).peers.length === 1 || undefined);
    const big = new Uint8Array(12 * 1024 * 1024).toBase64();
    const sending = ws.call("POST", `/api/sessions/${id}/send`, { base64: big });
    await ws.until(async () => (await queuedOnSocket(port, peer)) > 0 || undefined);
    await ws.call("DELETE", `/api/sessions/${id}`);
    const answer = await sending;
    assertEquals([answer.status, answer.body.said, answer.body.sent], [409, {
      key: "web.send_stopped",
      vars: { sent: 0 },
    }, 0]);
  },
});

Deno.test("web: a bad argv is a 400 with the command line's own one-line error", async () => {
  await using ws = Workspace.handler();
  const bad = [
    ["serve", "tcp://127.0.0.1:0", "--framing", "lenx"],
    ["connect", "tcp://127.0.0.1:1", "--count", "many"],
    ["serve", "nowhere:port"],
    ["relay", "tcp://127.0.0.1:0"],
    // An exec server started from the page keeps its loopback rule.
    ["serve", "0.0.0.0:0", "--behavior", "exec"],
    // What the command line refuses only once it looks: a check that is neither built in nor a
    // file, a targets file that is not there.
    ["check", "no-such-check", "127.0.0.1:1"],
    ["check", "echo", "--targets", "/no/such/targets.txt"],
    ["demo", "nope"],
  ];
  for (const argv of bad) {
    const { status, body } = await ws.call("POST", "/api/sessions", { argv });
    assertEquals(status, 400, argv.join(" "));
    // The form asks first: the same refusal, before anything starts.
    const asked = (await ws.call("POST", "/api/check", { argv })).body;
    assertEquals([asked.ok, asked.error], [false, body.error], argv.join(" "));
    const cli = await runFramecat(argv);
    assertEquals(cli.code, 2);
    assertEquals(`framecat: ${body.error}`, cli.stderr.trim().split("\n")[0], argv.join(" "));
    // The page says it in its own language: the sentence is there too, as --lang zh says it.
    const zh = await runFramecat([...argv, "--lang", "zh"]);
    assertEquals(`framecat: ${sayIn("zh", body.said)}`, zh.stderr.trim().split("\n")[0]);
  }
  for (const argv of [[], "serve 0", [1, 2], ["web"], ["serve", "0", "--web", "0"], ["--help"]]) {
    const { status, body } = await ws.call("POST", "/api/sessions", { argv });
    assertEquals(status, 400, JSON.stringify(argv));
    assert(!body.error.includes("\n"), body.error);
  }
  assertEquals((await ws.call("GET", "/api/sessions")).body, []);
  // None of the refused took a number: the first session started is 1.
  const first = await ws.call("POST", "/api/sessions", { argv: ["serve", "tcp://127.0.0.1:0"] });
  assertEquals([first.status, first.body.id], [201, "1"]);
});

Deno.test("web: a full house of 64 running sessions refuses the 65th with 503, not as bad input", async () => {
  await using ws = Workspace.handler();
  for (let i = 1; i <= 64; i++) {
    const { status } = await ws.call("POST", "/api/sessions", { argv: ["serve", "127.0.0.1:0"] });
    assertEquals(status, 201, `session ${i}`);
  }
  const full = await ws.call("POST", "/api/sessions", { argv: ["serve", "127.0.0.1:0"] });
  assertEquals(full.status, 503);
  assertMatch(full.body.error, /Cannot start more than 64 sessions: stop one first/);
  // Once one has stopped, there is room: the stopped one is forgotten.
  assertEquals((await ws.call("DELETE", "/api/sessions/1")).status, 200);
  const room = await ws.call("POST", "/api/sessions", { argv: ["serve", "127.0.0.1:0"] });
  assertEquals([room.status, room.body.id], [201, "65"]);
});

Deno.test("web: a session from the API shows sticking and splitting, and sends to its peer", async () => {
  await using ws = Workspace.handler();
  const { id, port } = await ws.discardServer("len");
  const feed = ws.watch(id);
  try {
    await using py = new PyLenClient(port);
    const peer = await py.connected();
    await py.send(new Uint8Array([...lenFrame("one"), ...lenFrame("two")]));
    await feed.until((evs) => eventsOf(evs, "frame").length === 2);
    const frames = eventsOf(feed.events, "frame");
    assertEquals(frames.map((f) => [f.text, f.read, f.peer]), [["one", 1, peer], ["two", 1, peer]]);
    assertEquals(eventsOf(feed.events, "read").length, 1);

    const sent = await ws.call("POST", `/api/sessions/${id}/send`, {
      peer,
      text: "hi\\x21",
      escapes: true,
    });
    assertEquals(sent, { status: 200, body: { sent: 1 } });
    assertEquals(await py.frames(1), ["hi!"]);
    const timed = ws.call("POST", `/api/sessions/${id}/send`, {
      text: "tick",
      count: 5,
      interval: 100,
    });
    assertEquals(await py.frames(5), ["tick", "tick", "tick", "tick", "tick"]);
    assertEquals((await timed).body, { sent: 5 });

    const listed = await ws.session(id);
    assertEquals(listed.peers.map((p: { peer: string }) => p.peer), [peer]);
    assertEquals(listed.peers[0].frames, 2);
    assertEquals(listed.peers[0].sends, 6);
    const nobody = await ws.call("POST", `/api/sessions/${id}/send`, {
      peer: "127.0.0.1:1",
      text: "x",
    });
    assertEquals(nobody.status, 409);
    // What the page can cause carries its sentence, for the page to say in its language.
    assertEquals(nobody.body.said, { key: "web.no_peer", vars: { peer: "127.0.0.1:1" } });
    const bad = await ws.call("POST", `/api/sessions/${id}/send`, { hex: "zz" });
    assertEquals(bad.status, 400);
    const badBase64 = await ws.call("POST", `/api/sessions/${id}/send`, { base64: "a*b" });
    assertEquals(badBase64.status, 400);
    assertMatch(String(badBase64.body.error), /Cannot read the base64 "a\*b": use A–Z/);
    assertEquals(badBase64.body.said, { key: "web.base64", vars: { shown: "a*b" } });
    assertEquals(bad.body.said.key, "hex.cannot");
  } finally {
    feed.close();
  }
  const restarted = await ws.call("POST", `/api/sessions/${id}/restart`);
  assertEquals([restarted.body.id, restarted.body.state], [id, "running"]);
  const again = await ws.until(async () => (await ws.session(id)).port);
  using _conn = await Deno.connect({ hostname: "127.0.0.1", port: again });
  const stopped = await ws.call("DELETE", `/api/sessions/${id}`);
  assertEquals(stopped.body.state, "stopped");
  const last = ws.watch(id);
  try {
    await last.until((evs) => evs.some((e) => e.event === "stats"));
    assertEquals(last.events.at(-1)!.event, "stats");
  } finally {
    last.close();
  }
});

Deno.test("web: the token is printed on the first line only", async () => {
  const ws = await Workspace.start();
  const { id } = await ws.listen(["serve", "tcp://127.0.0.1:0", "--framing", "len"]);
  await ws.call("POST", "/api/sessions", {
    argv: ["serve", "tcp://127.0.0.1:0", "--framing", "bad"],
  });
  await ws.call("DELETE", `/api/sessions/${id}`);
  await fetch(`${ws.base}/nothing?token=${ws.token}`).then((r) => r.body?.cancel());
  await ws.framecat.stop();
  const lines = (ws.framecat.events.map((e) => JSON.stringify(e)).join("\n") + ws.framecat.stderr)
    .split("\n");
  assert(lines[0].includes(ws.token));
  assertEquals(lines.slice(1).filter((l) => l.includes(ws.token)), []);
});

Deno.test("web: a non-loopback address needs --web-public, and then warns", async () => {
  const refused = await runFramecat(["web", "0.0.0.0:0"]);
  assertEquals(refused.code, 2);
  assertMatch(refused.stderr, /^framecat: .*--web-public.*\n$/);
  // --web is an option of every command the page can show.
  for (
    const argv of [
      ["serve", "0"],
      ["connect", "1"],
      ["relay", "0", "1"],
      ["sink", "0"],
      ["flood", "1"],
      ["demo", "sticky"],
    ]
  ) {
    const also = await runFramecat([...argv, "--web", "0.0.0.0:0"]);
    assertEquals(also.code, 2, argv[0]);
    assertMatch(also.stderr, /^framecat: .*--web-public/, argv[0]);
  }
  await using ws = await Workspace.start(["0.0.0.0:0", "--web-public"]);
  const warning = await ws.framecat.waitFor((evs) =>
    eventsOf(evs, "info").find((e) => /warning/.test(e.message))
  );
  assertMatch(warning.message, /0\.0\.0\.0.*anyone/);
  // Bound to every interface, it still answers on loopback by its IP.
  assertEquals((await ws.call("GET", "/api/sessions")).status, 200);
});

Deno.test("web: serve --web shows that one command, which keeps its own output", async () => {
  const { Framecat } = await import("./helpers/cli.ts");
  await using fc = new Framecat([
    "serve",
    "tcp://127.0.0.1:0",
    "--framing",
    "len",
    "--output",
    "json",
    "--web",
    "0",
  ]);
  const page = await fc.waitFor((evs) => eventsOf(evs, "info", "page")[0]);
  const port = await fc.port();
  assertEquals(fc.of("listening").length, 1);
  const base = new URL(page.url).origin;
  const res = await fetch(`${base}/api/sessions`, {
    headers: { authorization: `Bearer ${page.token}` },
  });
  const [session] = await res.json();
  assertEquals(session.port, port);
  assertEquals(session.state, "running");
  await using py = new PyLenClient(port as number);
  await py.connected();
  await py.send(lenFrame("seen twice"));
  await fc.waitFor((evs) => evs.find((e) => e.event === "frame" && e.text === "seen twice"));
});

Deno.test("web: bytes from the network get 4xx answers, never a 500, each said in both languages", async () => {
  await using ws = await Workspace.start();
  const { id } = await ws.listen(["serve", "tcp://127.0.0.1:0"]);
  const post = (path: string, body: string, method = "POST") =>
    fetch(ws.base + path, {
      method,
      headers: { authorization: `Bearer ${ws.token}` },
      body,
    });
  const cases: Array<[string, string, string?]> = [
    ["/api/sessions", "not json"],
    ["/api/sessions", "null"],
    ["/api/sessions", '{"argv": "serve 0"}'],
    ["/api/sessions/%E0%A4%A/send", "{}"],
    ["/api/nothing", "{}"],
    ["/api/check", "["],
    ["/api/sessions", "{}", "PUT"],
    [`/api/sessions/${id}/send`, "[]"],
    [`/api/sessions/${id}/send`, '{"text": "a", "hex": "62"}'],
    [`/api/sessions/${id}/send`, '{"text": 1}'],
    [`/api/sessions/${id}/send`, '{"text": "a", "peer": 5}'],
    [`/api/sessions/${id}/send`, '{"text": "a", "header": []}'],
    [`/api/sessions/${id}/send`, '{"text": "a", "background": "yes"}'],
    [`/api/sessions/${id}/send`, '{"text": "a", "count": 0}'],
    [`/api/sessions/${id}/rules`, '{"rule": 5}'],
    [`/api/sessions/${id}/rules`, '{"enabled": 1}'],
    [`/api/sessions/${id}/rules`, "{}"],
    [`/api/sessions/${id}/rules/0`, "{}", "PATCH"],
    [`/api/sessions/${id}/rules/1`, "{}", "POST"],
    [`/api/sessions/${id}/rules`, "{}", "PATCH"],
    [`/api/sessions/${id}/events`, "{}", "PUT"],
  ];
  for (const [path, body, method] of cases) {
    const res = await post(path, body, method);
    const what = `${method ?? "POST"} ${path} ${body}: ${res.status}`;
    assert(res.status >= 400 && res.status < 500, what);
    const answer = await res.json();
    assert(typeof answer.error === "string", what);
    // The page says it in its own language: a sentence of the catalogues, not English only.
    assertEquals(sayIn("en", answer.said), answer.error, what);
    assert(
      /[\u4e00-\u9fff]/.test(sayIn("zh", answer.said)),
      `${what}: ${sayIn("zh", answer.said)}`,
    );
  }
  const events = await fetch(`${ws.base}/api/sessions/${id}/events?token=${ws.token}`);
  assertEquals(events.status, 426);
  assertEquals((await events.json()).said?.key, "web.websocket");
  const big = await post("/api/sessions", "x".repeat(25 * 1024 * 1024));
  assertEquals(big.status, 413);
  const tooLarge = await big.json();
  assertEquals(tooLarge.said, {
    key: "web.too_large",
    vars: { max: MAX_BODY, file: MAX_PAGE_FILE },
  });
  assertMatch(tooLarge.error, /^the request is over 25165824 bytes: a file sent from the page/);
  // None of them started a session: the one there is the one this test started.
  assertEquals((await ws.call("GET", "/api/sessions")).body.map((s: { id: string }) => s.id), [id]);
});

Deno.test("web: every kind of command runs as a session and stops as Ctrl-C would stop it", async () => {
  await using ws = Workspace.handler();
  const server = await ws.listen([
    "serve",
    "tcp://127.0.0.1:0",
    "--framing",
    "line",
    "--behavior",
    "upper",
  ]);
  const sink = await ws.listen(["sink", "udp://127.0.0.1:0"]);
  const udp = await ws.listen(["serve", "udp://127.0.0.1:0", "--behavior", "echo"]);
  const relay = await ws.listen(["relay", "tcp://127.0.0.1:0", `tcp://127.0.0.1:${server.port}`]);
  const start = async (argv: string[]) =>
    (await ws.call("POST", "/api/sessions", { argv })).body.id;
  // A client with nothing to send stays connected: the page sends for it.
  const client = await start(["connect", `tcp://127.0.0.1:${relay.port}`, "--framing", "line"]);
  const flood = await start([
    "flood",
    `udp://127.0.0.1:${sink.port}`,
    "--duration",
    "60",
    "--rate",
    "100",
  ]);
  await ws.until(async () => (await ws.session(client)).peers.length === 1 || undefined);
  const sent = await ws.call("POST", `/api/sessions/${client}/send`, { text: "through the relay" });
  assertEquals(sent.body, { sent: 1 });
  const reply = ws.watch(client);
  try {
    await reply.until((evs) =>
      evs.some((e) => e.event === "frame" && e.text === "THROUGH THE RELAY")
    );
  } finally {
    reply.close();
  }
  for (const id of [flood, client, relay.id, udp.id, sink.id, server.id]) {
    const { body } = await ws.call("DELETE", `/api/sessions/${id}`);
    assertEquals(body.state, "stopped", `${body.argv.join(" ")}: ${body.error}`);
    const last = ws.watch(id);
    try {
      await last.until((evs) => evs.length > 0);
      const kinds = last.events.map((e) => e.event);
      // Its counters are its last word (PRODUCT.md: DELETE … its stats event is its last); a
      // meter's are its final report.
      const final = ["flood", "sink"].includes(body.argv[0]) ? "report" : "stats";
      assertEquals(kinds.at(-1), final, `${body.argv[0]}: ${kinds}`);
    } finally {
      last.close();
    }
  }
});

Deno.test("web: demo --web draws the timeline in the terminal and feeds the page, which stays until Ctrl-C", async () => {
  const { Framecat } = await import("./helpers/cli.ts");
  await using fc = new Framecat(["demo", "sticky", "--web", "0"]);
  const url = await fc.waitFor(() => /open (http\S+)/.exec(fc.stderr)?.[1], 15_000, "the URL");
  await fc.waitFor(() => /stays open/.test(fc.stderr), 15_000, "the demo's end");
  const base = new URL(url).origin;
  const token = new URL(url).searchParams.get("token");
  const res = await fetch(`${base}/api/sessions/1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const session = await res.json();
  assertEquals(session.state, "stopped");
  assert(session.events > 10, `the page got ${session.events} events`);
  // A session started from the page is numbered after the command's own: it took its id, "1",
  // and so replaced the command's session in the list.
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.json());
  const started = await api("POST", "/api/sessions", { argv: ["serve", "127.0.0.1:0"] });
  assertEquals(started.id, "2");
  const listed = await api("GET", "/api/sessions");
  assertEquals(listed.map((s: { id: string; argv: string[] }) => [s.id, s.argv[0]]), [
    ["1", "demo"],
    ["2", "serve"],
  ]);
  const status = await fc.stop("SIGINT");
  assertEquals(status.code, 0);
});

Deno.test("web: header fields go in a json session's header; asked of another framing they are refused, not dropped", async () => {
  const { readBytes } = await import("./helpers/net.ts");
  await using ws = Workspace.handler();
  const json = await ws.discardServer("json");
  using conn = await Deno.connect({ hostname: "127.0.0.1", port: json.port });
  await ws.until(async () => (await ws.session(json.id)).peers.length === 1 || undefined);
  const header = { file_name: "notes.txt" };
  await ws.call("POST", `/api/sessions/${json.id}/send`, { text: "body", header });
  const size = new DataView((await readBytes(conn, 4)).buffer).getUint32(0);
  const sent = JSON.parse(new TextDecoder().decode(await readBytes(conn, size)));
  assertEquals([sent.file_name, sent.total_size], ["notes.txt", 4]);
  assertEquals(new TextDecoder().decode(await readBytes(conn, 4)), "body");

  const len = await ws.discardServer("len");
  using plain = await Deno.connect({ hostname: "127.0.0.1", port: len.port });
  await ws.until(async () => (await ws.session(len.id)).peers.length === 1 || undefined);
  // Each says the framing its sends go in, for the page to offer header fields only where they go.
  assertEquals(
    [(await ws.session(json.id)).send_framing, (await ws.session(len.id)).send_framing],
    ["json", "len"],
  );
  const feed = ws.watch(len.id);
  try {
    // They went without their fields, as if they had been sent, with a 200: as --header is, refused.
    const refused = await ws.call("POST", `/api/sessions/${len.id}/send`, { text: "body", header });
    assertEquals([refused.status, refused.body.said?.key], [400, "web.header_json"]);
    assertEquals(
      refused.body.error,
      "header fields travel only in a json header, and this session frames with len: start it with --framing json to send them",
    );
    // An empty header is no header.
    await ws.call("POST", `/api/sessions/${len.id}/send`, { text: "body", header: {} });
    await feed.until((evs) => evs.some((e) => e.event === "sent"));
    assertEquals(eventsOf(feed.events, "sent").length, 1);
    assertEquals(await readBytes(plain, 8), new Uint8Array([0, 0, 0, 4, 98, 111, 100, 121]));
  } finally {
    feed.close();
  }
});

Deno.test("web API: an id no session ever had is said so, not 'removed (reload the page)'; --version alone is not run", async () => {
  await using ws = Workspace.handler();
  const never = await ws.call("GET", "/api/sessions/999");
  assertEquals([never.status, never.body.error], [404, "no session 999: none has had that id"]);
  const { id } = await ws.discardServer("len");
  assertEquals((await ws.call("DELETE", `/api/sessions/${id}?forget=1`)).status, 200);
  const forgotten = await ws.call("GET", `/api/sessions/${id}`);
  assertEquals(forgotten.body.said?.key, "web.no_session");
  const version = await ws.call("POST", "/api/sessions", { argv: ["--version"] });
  assertEquals(
    [version.status, version.body.error],
    [400, "nothing to run: that argv only shows help or the version"],
  );
});

Deno.test("web: a server asked for port 0 keeps the port it got when restarted (the class was told it), TCP and UDP", async () => {
  await using ws = Workspace.handler();
  for (const transport of ["tcp", "udp"]) {
    const { id, port } = await ws.listen(["serve", `${transport}://127.0.0.1:0`]);
    const restarted = await ws.call("POST", `/api/sessions/${id}/restart`);
    assertEquals(restarted.status, 200, JSON.stringify(restarted.body));
    // The restart answers with the new run; its port once it listens.
    const again = await ws.until(async () => {
      const s = await ws.session(id);
      return s.state === "running" && s.port !== undefined ? s : undefined;
    });
    assertEquals(again.port, port, `${transport}: restarted on ${again.port}, was ${port}`);
    assertEquals(again.argv, ["serve", `${transport}://127.0.0.1:0`], "argv as typed");
  }
});

Deno.test("web: a restart whose kept port was taken meanwhile listens on another port, not failing", async () => {
  await using ws = Workspace.handler();
  const { id, port } = await ws.discardServer("len");
  assertEquals((await ws.call("DELETE", `/api/sessions/${id}`)).body.state, "stopped");
  // Taken while it was stopped (here by a listener; in a suite, any connection's own port).
  using _taken = Deno.listen({ hostname: "127.0.0.1", port });
  const restarted = await ws.call("POST", `/api/sessions/${id}/restart`);
  assertEquals(restarted.body.id, id);
  const again = await ws.until(async () => {
    const s = await ws.session(id);
    return s.state === "running" && s.port !== undefined ? s.port : undefined;
  });
  assert(again !== port, `listens on ${again}, not the taken ${port}`);
  using _conn = await Deno.connect({ hostname: "127.0.0.1", port: again });
});

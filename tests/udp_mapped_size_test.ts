/**
 * A UDP server bound to `[::]` takes IPv4 clients too, named as IPv4 mapped
 * into IPv6 (`[::ffff:127.0.0.1]:PORT`); what it sends them goes over IPv4,
 * whose datagrams hold 65,507 bytes, not IPv6's 65,527. A bigger message
 * from the page is refused in words (it answered `{"sent": 0}` and nothing
 * said why: the kernel's "Message too long"), and a reply as big is said to
 * be one, as to any IPv4 peer. A client's own message too big for a datagram
 * is refused as the user's (a --send: exit 2) and never called a reply.
 */
import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { Workspace } from "./helpers/web.ts";
import { UdpClient, udpSocket } from "./helpers/net.ts";
import { eventsOf, Framecat, parseNdjson, runFramecat } from "./helpers/cli.ts";
import { MAX_DATAGRAM } from "../lib/transport/datagram.ts";
import { EXIT } from "../lib/errors.ts";

Deno.test("web: an IPv4 peer of a dual-stack UDP server is sent IPv4's largest datagram, and told past it", async () => {
  await using ws = Workspace.handler();
  const { id, port } = await ws.listen(["serve", "udp://[::]:0", "--behavior", "discard"]);
  using client = new UdpClient(port);
  await client.send("hi");
  const [peer] = await ws.until(async () => {
    const { peers } = await ws.session(id);
    return peers.length === 1 ? peers : undefined;
  });
  // The client's IPv4 address, as the dual-stack socket names it.
  const [host, clientPort] = client.name.split(":");
  assertEquals(peer.peer, `[::ffff:${host}]:${clientPort}`);
  const send = (size: number) =>
    ws.call("POST", `/api/sessions/${id}/send`, { base64: new Uint8Array(size).toBase64() });
  const over = await send(MAX_DATAGRAM + 1);
  assertEquals([over.status, over.body.said], [400, {
    key: "udp.message_too_big",
    vars: { bytes: MAX_DATAGRAM + 1, max: MAX_DATAGRAM },
  }]);
  assertEquals(await send(MAX_DATAGRAM), { status: 200, body: { sent: 1 } });
});

Deno.test("serve udp://[::]: a reply too big for an IPv4 peer's datagram is said to be, and the server goes on", async () => {
  // Read as it comes, answered with line framing's newline: one byte more than it got.
  const { framecat, port } = await Framecat.listening([
    ...["serve", "udp://[::]:0", "--recv-framing", "raw", "--send-framing", "line"],
    ...["--output", "json"],
  ]);
  await using _ = framecat;
  using client = new UdpClient(port);
  const big = new Uint8Array(MAX_DATAGRAM);
  await client.sock.send(big, { transport: "udp", hostname: "127.0.0.1", port });
  await client.send("small");
  assertEquals(await client.receive(), "small\n");
  const errors = await framecat.waitFor((evs) => {
    const errors = eventsOf(evs, "error");
    return errors.length > 0 && errors;
  });
  assertEquals(errors.map((e) => e.said), [{
    key: "udp.reply_too_big",
    vars: { bytes: MAX_DATAGRAM + 1, max: MAX_DATAGRAM },
  }]);
});

Deno.test("connect udp: a --send no datagram holds is refused before anything is sent (one line, exit 2); a piped line as big is refused by its number, the next goes", async () => {
  using server = udpSocket();
  const to = `udp://127.0.0.1:${(server.addr as Deno.NetAddr).port}`;
  const arrived: string[] = [];
  const receiving = (async () => {
    try {
      for await (const [bytes] of server) arrived.push(new TextDecoder().decode(bytes));
    } catch { /* closed */ }
  })();

  const raw = await runFramecat(["connect", to, "--send", "b".repeat(MAX_DATAGRAM + 1)]);
  assertEquals(raw.code, EXIT.usage);
  assertEquals(
    raw.stderr.trimEnd().split("\n").at(-1),
    `framecat: the message is ${
      MAX_DATAGRAM + 1
    } B, more than one UDP datagram holds (${MAX_DATAGRAM} B): not sent`,
  );
  // Small enough alone, too big with its json header: said with both sizes.
  const json = await runFramecat(
    ["connect", to, "--framing", "json", "--send", "b".repeat(MAX_DATAGRAM - 10)],
  );
  assertEquals(json.code, EXIT.usage);
  match(json.stderr, /\nframecat: the message is 65497 B \(\d+ B with its framing\), more than/);

  const piped = await runFramecat(
    ["connect", to, "--framing", "line", "--wait", "300", "--output", "json"],
    { stdin: `${"b".repeat(MAX_DATAGRAM)}\nhi\n` },
  );
  assertEquals(piped.code, EXIT.ok, piped.stderr);
  const events = parseNdjson(piped.stdout);
  assertEquals(eventsOf(events, "error").map((e) => e.said), [{
    key: "note.line_refused",
    vars: {
      n: 1,
      why: {
        key: "udp.framed_too_big",
        vars: { payload: MAX_DATAGRAM, bytes: MAX_DATAGRAM + 1, max: MAX_DATAGRAM },
      },
    },
  }]);
  assertEquals(eventsOf(events, "sent").map((e) => e.bytes), [2]);
  server.close();
  await receiving;
  assertEquals(arrived, ["hi\n"]);

  // As a person reads it: the line's number, why, and "not sent" once.
  const text = await runFramecat(["connect", to, "--framing", "line", "--wait", "100"], {
    stdin: `${"b".repeat(MAX_DATAGRAM)}\n`,
  });
  const said = text.stderr.split("\n").filter((l) => l.includes("more than one UDP datagram"));
  assertEquals(said.length, 1, text.stderr);
  match(
    said[0],
    /line 1: the message is 65507 B \(65508 B with its framing\), more than one UDP datagram holds \(65507 B\): not sent$/,
  );
  assertEquals(said[0].split("not sent").length, 2, said[0]);
});

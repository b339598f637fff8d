/**
 * One datagram (or TCP message) that makes a behaviour fail must not stop a server: the
 * failure is an error event, that datagram gets no answer, and the next peer
 * is answered.
 */
import assert from "node:assert/strict";
import { createDecoder, createEncoder } from "../lib/framing/mod.ts";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { readFrames, text, UdpClient, udpSocket, writeAll } from "./helpers/net.ts";
import { python } from "./helpers/process.ts";
import { J } from "./chaos_helpers.ts";

interface Case {
  name: string;
  args: string[];
  /** The datagram that made the server fail. */
  poison: Uint8Array;
  /** A good datagram and a check of its reply. */
  good: Uint8Array;
  check(reply: Uint8Array): void;
}

const u8Len = (s: string) => createEncoder("len", { prefix: "u8" }).encode(text(s));
const fromU8Len = (b: Uint8Array) =>
  new TextDecoder().decode(createDecoder("len", { prefix: "u8" }).push(b)[0].payload);

const CASES: Case[] = [
  {
    name: "time with a field 999,999,999 wide",
    args: ["--behavior", "time"],
    poison: text("%999999999Y"),
    good: text("%Y"),
    check: (reply) => assert.match(new TextDecoder().decode(reply), /^\d{4}$/),
  },
  {
    name: "echo of 300 bytes under a u8 length prefix",
    args: ["--recv-framing", "raw", "--send-framing", "len", "--prefix", "u8"],
    poison: new Uint8Array(300).fill(0x61),
    good: text("hi"),
    check: (reply) => assert.equal(fromU8Len(reply), "hi"),
  },
  {
    // ɐ (2 bytes in UTF-8) upper-cases to Ɐ (3 bytes): 254 bytes become 381, over u8's 255.
    name: "upper making a 254-byte frame 381 bytes under a u8 prefix",
    args: ["--behavior", "upper", "--framing", "len", "--prefix", "u8"],
    poison: u8Len("ɐ".repeat(127)),
    good: u8Len("hi"),
    check: (reply) => assert.equal(fromU8Len(reply), "HI"),
  },
];

async function receive(sock: Deno.DatagramConn, timeoutMs = 10_000): Promise<Uint8Array> {
  const timer = setTimeout(() => sock.close(), timeoutMs);
  try {
    const [data] = await sock.receive();
    return data;
  } finally {
    clearTimeout(timer);
  }
}

for (const c of CASES) {
  Deno.test(`serve udp survives ${c.name}, and answers the next peer`, async () => {
    const { framecat: server, port } = await Framecat.listening([
      "serve",
      "udp://127.0.0.1:0",
      ...c.args,
      ...J,
    ]);
    await using _ = server;
    const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port };
    using rude = udpSocket();
    await rude.send(c.poison, to);
    const error = await server.waitFor((evs) => eventsOf(evs, "error")[0]);
    assert.match(String(error.message), /^Cannot /);
    using good = udpSocket();
    await good.send(c.good, to);
    c.check(await receive(good));
    await server.waitFor((evs) => evs.some((e) => e.event === "sent"));
    assert.equal(server.of("sent").length, 1, "the poison got no answer");
    assert.equal(server.of("error").length, 1, server.of("error").map((e) => e.message).join());
  });
}

Deno.test("udp relay at its 1,024-session cap evicts the longest silent for a new client", async () => {
  const { framecat: target, port: targetPort } = await Framecat.listening([
    "serve",
    "udp://127.0.0.1:0",
    "-q",
    ...J,
  ]);
  await using _target = target;
  const { framecat: relay, port } = await Framecat.listening([
    "relay",
    "udp://127.0.0.1:0",
    `udp://127.0.0.1:${targetPort}`,
    // No session expires while the crowd gathers, however slow the machine: eviction is then
    // the only way one ends, and exactly 77 are evicted.
    "--idle-timeout",
    "3600",
    ...J,
  ]);
  await using _relay = relay;
  // 1,100 senders from 1,100 loopback addresses, one datagram each, then silent. In batches of
  // 100, each waited for, so no datagram is lost in a full socket buffer on the way.
  for (let batch = 0; batch < 11; batch++) {
    await python(
      `import socket, sys
port, batch = int(sys.argv[1]), int(sys.argv[2])
for i in range(batch * 100, batch * 100 + 100):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.%d.%d" % (1 + i // 250, 1 + i % 250), 0))
    s.sendto(b"crowd", ("127.0.0.1", port))
    s.close()`,
      [`${port}`, `${batch}`],
    );
    await relay.waitFor(
      (evs) => eventsOf(evs, "connected").length >= 100 * (batch + 1),
      30_000,
      `a session for each sender of batch ${batch}`,
    );
  }
  using client = new UdpClient(port);
  await client.send("real");
  assert.equal(await client.receive(10_000), "real", "the real client is relayed");
  // 1,101 clients for 1,024 sessions: 77 were evicted, the longest silent first.
  await relay.waitFor(
    (evs) => eventsOf(evs, "closed").filter((e) => e.reason === "evicted").length === 77,
  );
  assert.equal(relay.of("closed").length, 77, "no session ended otherwise");
  assert.deepEqual(relay.of("error"), []);
});

Deno.test({
  name: "IPv6 datagrams up to 65,527 bytes arrive whole, and truncation is reported truthfully",
  ignore: !canBindV6(),
  async fn() {
    for (const [readSize, truncated] of [[65536, false], [65510, true]] as const) {
      const { framecat: server, port } = await Framecat.listening([
        "serve",
        "udp://[::1]:0",
        "--read-size",
        `${readSize}`,
        ...J,
      ]);
      await using _ = server;
      const sock = Deno.listenDatagram({ transport: "udp", hostname: "::1", port: 0 });
      try {
        await sock.send(new Uint8Array(65527).fill(0x61), {
          transport: "udp",
          hostname: "::1",
          port,
        });
        const read = await server.waitFor((evs) => eventsOf(evs, "read")[0]);
        assert.equal(read.truncated, truncated, JSON.stringify({ ...read, base64: undefined }));
        if (truncated) assert.equal(read.datagram_bytes, 65527);
        const [reply] = await sock.receive(new Uint8Array(65536));
        assert.equal(reply.length, truncated ? readSize : 65527);
      } finally {
        sock.close();
      }
    }
  },
});

function canBindV6(): boolean {
  try {
    Deno.listenDatagram({ transport: "udp", hostname: "::1", port: 0 }).close();
    return true;
  } catch {
    return false;
  }
}

Deno.test("serve tcp: a behaviour that fails closes that connection (error, then closed) and serves the next", async () => {
  const { framecat: server, port } = await Framecat.serving(
    "--behavior",
    "upper",
    "--framing",
    "len",
    "--prefix",
    "u8",
  );
  await using _ = server;
  const rude = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(rude, u8Len("ɐ".repeat(127)));
  const closed = await server.waitFor((evs) => eventsOf(evs, "closed")[0]);
  assert.equal(closed.reason, "error");
  const kinds = server.events.filter((e) => e.peer === closed.peer).map((e) => e.event);
  assert.deepEqual(kinds.slice(-2), ["error", "closed"], kinds.join());
  assert.equal(await rude.read(new Uint8Array(1)), null, "the failed connection is closed");
  rude.close();
  const good = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(good, u8Len("hi"));
  const [reply] = await readFrames(good, createDecoder("len", { prefix: "u8" }), 1);
  good.close();
  assert.equal(new TextDecoder().decode(reply.payload), "HI");
});

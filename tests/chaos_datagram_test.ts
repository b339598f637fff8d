/**
 * One datagram that makes a behaviour fail must not stop a UDP server: the
 * failure is an error event, that datagram gets no answer, and the next peer
 * is answered.
 */
import assert from "node:assert/strict";
import { createDecoder, createEncoder } from "../lib/framing/mod.ts";
import { Framecat } from "./helpers/cli.ts";
import { text, udpSocket } from "./helpers/net.ts";
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
    const error = await server.waitFor((evs) => evs.find((e) => e.event === "error"));
    assert.match(String(error.message), /^Cannot /);
    using good = udpSocket();
    await good.send(c.good, to);
    c.check(await receive(good));
    await server.waitFor((evs) => evs.some((e) => e.event === "sent"));
    assert.equal(server.of("sent").length, 1, "the poison got no answer");
    assert.equal(server.of("error").length, 1, server.of("error").map((e) => e.message).join());
  });
}

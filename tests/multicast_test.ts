/**
 * One to many on this machine's loopback interface (no root needed): several
 * framecats on one group and port, our own datagrams and --no-loop, a chat
 * server on a group, and the options' usage errors. The LAN tests are in
 * multicast_netns_test.ts.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat, type JsonEvent, runFramecat } from "./helpers/cli.ts";

/** A group joined on loopback only: it never leaves the machine. */
const GROUP = "239.255.14.2";
const LO = ["--iface", "127.0.0.1"];
const J = ["--output", "json"];
const encoder = new TextEncoder();

/** A server on the group; port 0 picks one, which the next member then shares. */
async function member(args: string[], port = 0): Promise<{ fc: Framecat; port: number }> {
  const { framecat, port: bound } = await Framecat.listening([
    "serve",
    `udp://${GROUP}:${port}`,
    ...LO,
    ...J,
    ...args,
  ]);
  return { fc: framecat, port: bound };
}

const frames = (events: JsonEvent[], text?: string) =>
  eventsOf(events, "frame").filter((e) => text === undefined || e.text === text);

Deno.test("several framecats on one machine join the same group and port", async () => {
  const first = await member(["--behavior", "upper"]);
  await using _first = first.fc;
  await using second = (await member(["--behavior", "upper"], first.port)).fc;
  const listening = second.of("listening")[0];
  assert.equal(listening.group, GROUP);
  assert.equal(listening.iface, "lo");
  const run = await runFramecat([
    "connect",
    `udp://${GROUP}:${first.port}`,
    ...LO,
    "--send",
    "hello",
    "--expect",
    "2",
    ...J,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(frames(run.events, "HELLO").length, 2, "both members replied");
  for (const fc of [first.fc, second]) {
    await fc.waitFor((evs) => frames(evs, "hello").length === 1, 10_000, "the datagram");
  }
});

Deno.test("our own datagram comes back from the group, except with --no-loop", async () => {
  const { fc, port } = await member(["--behavior", "discard"]);
  await using _ = fc;
  const send = (text: string) => ["connect", `udp://${GROUP}:${port}`, ...LO, "--send", text, ...J];
  // Our own datagram is no reply: nothing ends the run when it is back. It runs until it is (its
  // wait far longer than that takes), then is stopped.
  await using looped = new Framecat([...send("mine"), "--wait", "60000"]);
  await looped.waitFor((evs) => frames(evs, "mine").length > 0, 10_000, "our own datagram");
  assert.equal((await looped.stop()).code, 0, looped.stderr);
  const local = looped.of("connected")[0].local;
  assert.deepEqual(frames(looped.events).map((e) => [e.peer, e.text]), [[local, "mine"]]);

  // Nothing is expected back here: the wait is how long it is given to come, wrongly.
  const quiet = await runFramecat([...send("not mine"), "--wait", "500", "--no-loop"]);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.deepEqual(frames(quiet.events), [], "--no-loop: nothing of ours came back");
  // It did go out: the member on the group heard it.
  await fc.waitFor((evs) => frames(evs, "not mine").length === 1, 10_000, "the datagram");
});

Deno.test("chat on a group relays as before; --heartbeat and quit keep their meaning", async () => {
  const { fc: chat, port } = await member(["--behavior", "chat", "--framing", "line"]);
  await using _ = chat;
  const client = () =>
    new Framecat(
      ["connect", `udp://${GROUP}:${port}`, ...LO, "--heartbeat", "5", "--framing", "line", ...J],
      { stdin: true },
    );
  await using alice = client();
  await using bob = client();
  // The first heartbeat introduces each client to the server.
  await chat.waitFor((evs) => new Set(frames(evs, "^hb^").map((e) => e.peer)).size === 2);
  const bobWrites = bob.stdin.getWriter();
  await bobWrites.write(encoder.encode("hi\n"));
  const bobAt = eventsOf(bob.events, "connected")[0].local as string;
  // Relayed by the server as [HOST:PORT] text.
  await alice.waitFor((evs) => frames(evs, `[${bobAt}] hi`).length === 1, 10_000, "the relay");
  await bobWrites.write(encoder.encode("quit\n"));
  await bobWrites.close();
  assert.equal((await bob.exited(15_000)).code, 0, bob.stderr);
  await chat.waitFor((evs) => evs.find((e) => e.event === "closed" && e.peer === bobAt));
});

for (
  const [args, why] of [
    [["serve", "9000", "--ttl", "3"], /--ttl sets the hop limit of a group/],
    [["connect", "udp://127.0.0.1:9", "--no-loop"], /--no-loop is for a group/],
    [["serve", "udp://127.0.0.1:0", "--iface", "lo"], /--iface picks the interface of a group/],
    [["connect", "udp://[ff02::1:3]:9", "--ttl", "2"], /IPv6 group's hop limit stays 1/],
    [["connect", `udp://${GROUP}:9`, "--ttl", "256"], /--ttl: .*from 0 to 255/],
  ] as const
) {
  Deno.test(`framecat ${args.join(" ")}: one line, exit 2`, async () => {
    const run = await runFramecat([...args]);
    assert.equal(run.code, 2);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], why);
  });
}

/**
 * One to many on a real LAN: three hosts (network namespaces) on a Linux
 * bridge with multicast snooping off. framecat joins groups, broadcasts, and
 * talks to python peers written the course's way. Needs root; skipped with a
 * message elsewhere.
 *
 * Deterministic by construction: a server says `listening` only once it has
 * joined, the bridge floods every group datagram to every port, and nothing
 * else runs on this LAN. Waits are generous bounds, never the mechanism.
 */
import assert from "node:assert/strict";
import { type Host, type Lan, makeLan, namespacesUnavailable } from "./helpers/bridge.ts";
import { eventsOf, Framecat, type JsonEvent } from "./helpers/cli.ts";
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";

type Json = Record<string, unknown>;

const GROUP = "239.14.0.9";
/** Site-local scope: replies go to the sender's global address, which needs no zone. */
const GROUP6 = "ff05::14:9";
const PORT = 5000;
const J = ["--output", "json"];

const unavailable = await namespacesUnavailable("fc14");
if (unavailable) {
  console.warn(`skipping the multicast LAN tests: cannot make network namespaces (${unavailable})`);
}

/** A framecat server on `host`, once it has joined and said `listening`. */
async function server(lan: Lan, host: Host, args: string[]): Promise<Framecat> {
  const { framecat } = await Framecat.listening([...args, ...J], { wrap: lan.wrap(host) });
  return framecat;
}

/** `serve udp://ADDRESS:PORT --behavior upper` on `host`: a member that answers in capitals. */
function upperServer(lan: Lan, host: Host, address: string): Promise<Framecat> {
  return server(lan, host, ["serve", `udp://${address}:${PORT}`, "--behavior", "upper"]);
}

/** Runs a framecat client on `host` to its end. */
async function client(lan: Lan, host: Pick<Host, "ns">, args: string[]) {
  await using fc = new Framecat([...args, ...J], { wrap: lan.wrap(host) });
  const { code } = await fc.exited(30_000);
  return { code, events: fc.events, stderr: fc.stderr };
}

/** The text of each frame, by the peer that sent it. */
function framesByPeer(events: JsonEvent[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const e of eventsOf(events, "frame")) {
    const peer = e.peer ?? "";
    by.set(peer, [...(by.get(peer) ?? []), e.text ?? ""]);
  }
  return by;
}

/** Lines a python peer printed as JSON (its own, not events). */
const jsonLines = (text: string): Json[] =>
  text.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));

Deno.test({
  name: "one to many on a bridge of three hosts",
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  fn: async (t) => {
    await using lan = await makeLan("fc14", 3, 14);
    const [a, b, c] = lan.hosts;
    const at = (h: Host, port = PORT) => `${h.ip}:${port}`;

    await t.step("a connect to a group gets both servers' replies, apart by address", async () => {
      await using _b = await upperServer(lan, b, GROUP);
      await using _c = await upperServer(lan, c, GROUP);
      const run = await client(lan, a, [
        "connect",
        `udp://${GROUP}:${PORT}`,
        "--send",
        "hello",
        "--expect",
        "2",
      ]);
      assert.equal(run.code, 0, run.stderr);
      const by = framesByPeer(run.events);
      assert.deepEqual(by.get(at(b)), ["HELLO"]);
      assert.deepEqual(by.get(at(c)), ["HELLO"]);
      const connected = eventsOf(run.events, "connected")[0];
      assert.equal(connected.group, GROUP);
    });

    await t.step("the listening event names the group and the interface", async () => {
      await using s = await server(lan, b, ["serve", `udp://${GROUP}:${PORT}`, "--iface", b.dev]);
      const listening = s.of("listening")[0];
      assert.equal(listening.group, GROUP);
      assert.equal(listening.iface, b.dev);
      // Bound to the group itself: it hears the group, not unicast or broadcast to its port.
      assert.equal(listening.address, `${GROUP}:${PORT}`);
    });

    await t.step("broadcast reaches both servers, and both replies are shown", async () => {
      await using _b = await upperServer(lan, b, "0.0.0.0");
      await using _c = await upperServer(lan, c, "0.0.0.0");
      // The subnet's broadcast address, then the limited one leaving by --iface.
      for (
        const extra of [[`udp://${lan.broadcast}:${PORT}`], [
          `udp://255.255.255.255:${PORT}`,
          "--iface",
          a.dev,
        ]]
      ) {
        const run = await client(lan, a, ["connect", ...extra, "--send", "ping", "--expect", "2"]);
        assert.equal(run.code, 0, run.stderr);
        const by = framesByPeer(run.events);
        assert.deepEqual(by.get(at(b)), ["PING"], extra.join(" "));
        assert.deepEqual(by.get(at(c)), ["PING"], extra.join(" "));
      }
      // These hosts have no default route: 255.255.255.255 needs --iface, and says so.
      const lost = await client(lan, a, [
        "connect",
        `udp://255.255.255.255:${PORT}`,
        "--send",
        "x",
      ]);
      assert.equal(lost.code, 1);
      assert.match(lost.stderr, /^framecat: Cannot send to .*unreachable.*--iface\n$/m);
    });

    await t.step("two connects to a group, with no server, hear a third member", async () => {
      const member = (h: Host) =>
        new Framecat(["connect", `udp://${GROUP}:${PORT}`, ...J], {
          wrap: lan.wrap(h),
          stdin: true,
        });
      await using onB = member(b);
      await using onC = member(c);
      for (const m of [onB, onC]) {
        await m.waitFor((evs) => eventsOf(evs, "connected")[0]);
      }
      const run = await client(lan, a, [
        "connect",
        `udp://${GROUP}:${PORT}`,
        "--send",
        "hi all",
        "--wait",
        "500",
      ]);
      assert.equal(run.code, 0, run.stderr);
      const from = eventsOf(run.events, "connected")[0].local as string;
      const fromPort = from.split(":").at(-1);
      for (const m of [onB, onC]) {
        const heard = await m.waitFor((evs) =>
          evs.find((e) => e.event === "frame" && e.text === "hi all")
        );
        assert.equal(heard.peer, `${a.ip}:${fromPort}`);
      }
    });

    await t.step(
      "a python sender (SO_BROADCAST, IP_MULTICAST_TTL) and framecat servers",
      async () => {
        // A group server hears its group; a server on every address hears the broadcast.
        for (const [target, bound] of [[GROUP, GROUP], [lan.broadcast, "0.0.0.0"]]) {
          await using _b = await upperServer(lan, b, bound);
          await using _c = await upperServer(lan, c, bound);
          const out = await lan.run(
            a,
            PYTHON,
            ...fixture("course_multicast_peer.py", ["send", target, String(PORT), "py", "2"]),
          );
          const replies = jsonLines(out);
          assert.deepEqual(replies.map((r) => r.from).sort(), [at(b), at(c)], target);
          assert.deepEqual(replies.map((r) => r.text), ["PY", "PY"]);
        }
      },
    );

    await t.step(
      "a python member (IP_ADD_MEMBERSHIP) answers framecat; --ttl is the TTL it sees",
      async () => {
        const [cmd, ...args] = lan.wrap(c);
        await using py = await startProcess(cmd, [
          ...args,
          PYTHON,
          ...fixture("course_multicast_peer.py", ["member", GROUP, String(PORT), c.ip, "2"]),
        ]);
        assert.equal(py.firstLine, "ready");
        const plain = await client(lan, a, [
          "connect",
          `udp://${GROUP}:${PORT}`,
          "--send",
          "one",
          "--expect",
          "1",
        ]);
        const ttl = await client(lan, a, [
          "connect",
          `udp://${GROUP}:${PORT}`,
          "--send",
          "two",
          "--expect",
          "1",
          "--ttl",
          "7",
        ]);
        for (const [run, text] of [[plain, "ONE"], [ttl, "TWO"]] as const) {
          assert.equal(run.code, 0, run.stderr);
          assert.deepEqual(framesByPeer(run.events).get(at(c)), [text]);
        }
        const seen = jsonLines(await py.rest());
        assert.deepEqual(seen.map((s) => [s.text, s.ttl]), [["one", 1], ["two", 7]]);
      },
    );

    await t.step("--iface: a host joined on another interface gets nothing", async () => {
      await using onLo = await server(lan, b, ["serve", `udp://${GROUP}:${PORT}`, "--iface", "lo"]);
      await using onLan = await server(lan, c, [
        "serve",
        `udp://${GROUP}:${PORT}`,
        "--iface",
        c.ip,
      ]);
      const run = await client(lan, a, [
        "connect",
        `udp://${GROUP}:${PORT}`,
        "--send",
        "x",
        "--expect",
        "1",
      ]);
      assert.equal(run.code, 0, run.stderr);
      await onLan.waitFor((evs) => evs.find((e) => e.event === "frame" && e.text === "x"));
      assert.deepEqual([...framesByPeer(run.events).keys()].filter((p) => !p.startsWith(a.ip)), [
        at(c),
      ]);
      assert.equal(onLo.of("frame").length, 0, "joined on lo: nothing arrives there");
    });

    await t.step(
      "a group that cannot be joined (no route) is one line naming the interfaces",
      async () => {
        const run = await client(lan, lan.bridge, ["serve", `udp://${GROUP}:${PORT}`]);
        assert.equal(run.code, 1);
        const lines = run.stderr.trim().split("\n");
        assert.equal(lines.length, 1, run.stderr);
        assert.match(
          lines[0],
          new RegExp(`Cannot join the group ${GROUP}.*--iface.*interfaces here are .*br0`),
        );
      },
    );

    await t.step("an interface that does not exist is one line naming those that do", async () => {
      const run = await client(lan, a, ["serve", `udp://${GROUP}:${PORT}`, "--iface", "nosuch0"]);
      assert.equal(run.code, 1);
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0], /nosuch0/);
      assert.match(lines[0], new RegExp(`${a.dev} \\(${a.ip.replaceAll(".", "\\.")}`));
      assert.match(lines[0], /lo \(127\.0\.0\.1/);
    });

    await t.step(
      "--no-loop: our own datagrams stop coming back, to us and to this host",
      async () => {
        await using local = await server(lan, a, [
          "serve",
          `udp://${GROUP}:${PORT}`,
          "--behavior",
          "discard",
        ]);
        const own = (events: JsonEvent[]) =>
          eventsOf(events, "frame").filter((e) =>
            e.peer?.startsWith(`${a.ip}:`) && e.peer !== at(a)
          );
        // Our own datagram is no reply: nothing ends the run when it is back. It runs until it
        // is (its wait far longer than that takes), then is stopped.
        await using looped = new Framecat(
          ["connect", `udp://${GROUP}:${PORT}`, "--send", "me", "--wait", "60000", ...J],
          { wrap: lan.wrap(a) },
        );
        await looped.waitFor((evs) => own(evs).length > 0, 10_000, "our own datagram");
        await looped.stop();
        const from = looped.of("connected")[0].local as string;
        assert.deepEqual(own(looped.events).map((e) => e.text), ["me"], `looped back to ${from}`);
        await local.waitFor((evs) => evs.find((e) => e.event === "frame" && e.text === "me"));

        const quiet = await client(lan, a, [
          "connect",
          `udp://${GROUP}:${PORT}`,
          "--send",
          "not me",
          "--wait",
          "500",
          "--no-loop",
        ]);
        assert.equal(quiet.code, 0, quiet.stderr);
        assert.deepEqual(own(quiet.events), []);
        // The same host's server is sent a marker after: once it is there, "not me" would be too.
        await client(lan, b, [
          "connect",
          `udp://${GROUP}:${PORT}`,
          "--send",
          "marker",
          "--wait",
          "0",
        ]);
        await local.waitFor((evs) => evs.find((e) => e.event === "frame" && e.text === "marker"));
        assert.ok(
          !local.of("frame").some((e) => e.text === "not me"),
          "--no-loop: this host heard nothing",
        );
      },
    );

    await t.step("IPv6: a connect to a group gets both servers' replies", async () => {
      // Link-local scope, leaving by --iface (replies come from fe80:: addresses), and
      // site-local scope on the system's choice (from the global fd14:: addresses).
      for (const [group, iface] of [["ff02::14:9", true], [GROUP6, false]] as const) {
        const via = (h: Host) => iface ? ["--iface", h.dev] : [];
        const upper = (h: Host) =>
          server(lan, h, ["serve", `udp://[${group}]:${PORT}`, "--behavior", "upper", ...via(h)]);
        await using _b = await upper(b);
        await using _c = await upper(c);
        const run = await client(lan, a, [
          "connect",
          `udp://[${group}]:${PORT}`,
          "--send",
          "six",
          "--expect",
          "2",
          ...via(a),
        ]);
        assert.equal(run.code, 0, run.stderr);
        const replies = run.events.filter((e) => e.event === "frame" && e.text === "SIX");
        const from = replies.map((e) => e.peer as string).sort();
        assert.equal(new Set(from).size, 2, `${group}: two members replied, from ${from}`);
        if (!iface) assert.deepEqual(from, [`[${b.ip6}]:${PORT}`, `[${c.ip6}]:${PORT}`]);
        else assert.ok(from.every((p) => p.startsWith("[fe80::")), `${from}`);
      }
    });

    await t.step(
      "two sinks on a group each measure one flood, and its end marker reaches both",
      async () => {
        const sink = (h: Host) => server(lan, h, ["sink", `udp://${GROUP}:${PORT}`, "--once"]);
        await using onB = await sink(b);
        await using onC = await sink(c);
        const run = await client(lan, a, [
          "flood",
          `udp://${GROUP}:${PORT}`,
          "--count",
          "200",
          "--rate",
          "2000",
          "--size",
          "100",
        ]);
        assert.equal(run.code, 0, run.stderr);
        for (const s of [onB, onC]) {
          assert.equal((await s.exited(15_000)).code, 0, s.stderr);
          const [report] = s.of("report", "sink_udp_final");
          assert.equal(report.end_marker, true);
          assert.equal(report.sent, 200);
          assert.equal(report.unique + report.lost, 200);
          assert.equal(report.peer, `${a.ip}:${report.peer?.split(":")[1]}`);
        }
      },
    );
  },
});

Deno.test({
  name: "a group joined where no interface can carry it says the system's reason in Chinese too",
  ignore: unavailable !== undefined,
  async fn() {
    // A namespace with only loopback up and no route: the kernel has no device for the group.
    const ns = "fc14nodev";
    await new Deno.Command("ip", { args: ["netns", "add", ns] }).output();
    try {
      await new Deno.Command("ip", { args: ["-n", ns, "link", "set", "lo", "up"] }).output();
      for (
        const [lang, words] of [["en", /: No such device;/], [
          "zh",
          /：没有这个设备（No such device）；/,
        ]] as const
      ) {
        await using fc = new Framecat(["serve", `udp://${GROUP}:${PORT}`, "--lang", lang], {
          wrap: ["ip", "netns", "exec", ns],
        });
        const { code } = await fc.exited(15_000);
        assert.equal(code, 1, fc.stderr);
        assert.match(fc.stderr, words);
      }
    } finally {
      await new Deno.Command("ip", { args: ["netns", "del", ns] }).output();
    }
  },
});

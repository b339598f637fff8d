/**
 * Ground truth from the kernel: two network namespaces joined by a veth
 * pair, iptables dropping a random 10 % of the flood's data datagrams on
 * the sink's side. The sink's loss must equal the rule's own packet counter
 * exactly. Needs root (namespaces); skipped with a message elsewhere.
 *
 * Deterministic by construction: the only loss is iptables'. The sink's
 * receive buffer is grown from outside to hold the whole flood (a root
 * helper takes the socket with pidfd_getfd and sets SO_RCVBUFFORCE: Deno
 * cannot set SO_RCVBUF), so even a descheduled sink drops nothing; the end
 * markers are shorter than data datagrams and the rule matches the data
 * length only; the neighbour entry is static, so nothing waits on ARP.
 */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { namespacesUnavailable } from "./helpers/bridge.ts";
import { output } from "./helpers/process.ts";
import { growReceiveBuffer } from "./traffic_helpers.ts";

const ID = `${Deno.pid % 100000}${Math.floor(Math.random() * 1000)}`;
const NS_FLOOD = `fcflood${ID}`;
const NS_SINK = `fcsink${ID}`;
const VETH_FLOOD = `fcf${ID}`; // interface names: 15 characters at most
const VETH_SINK = `fcs${ID}`;
const FLOOD_IP = "10.250.0.1";
const SINK_IP = "10.250.0.2";
const PORT = 5201;
const COUNT = 20_000;
const SIZE = 200;
/** IP length of a data datagram: what the DROP rule matches (end markers are 60). */
const IP_LENGTH = SIZE + 28;
/** The sink's receive buffer: 20,000 datagrams of ~1.3 KB kernel truesize fit. */
const SINK_BUFFER = 64 * 1024 * 1024;

async function sh(cmd: string, ...args: string[]): Promise<string> {
  return new TextDecoder().decode(await output(cmd, args));
}

const unavailable = await namespacesUnavailable("fc");
if (unavailable) {
  console.warn(
    `skipping the kernel ground-truth test: cannot make network namespaces (${unavailable})`,
  );
}

const inNs = (ns: string, cmd: string, ...args: string[]) =>
  sh("ip", "netns", "exec", ns, cmd, ...args);

/** The veth pair; `dropTenth`: iptables drops a random 10 % of the data datagrams at the sink. */
async function makeLink(dropTenth = true): Promise<void> {
  await sh("ip", "netns", "add", NS_FLOOD);
  await sh("ip", "netns", "add", NS_SINK);
  await sh(
    "ip",
    "link",
    "add",
    VETH_FLOOD,
    "netns",
    NS_FLOOD,
    "address",
    "02:fc:00:00:00:01",
    "type",
    "veth",
    "peer",
    "name",
    VETH_SINK,
    "netns",
    NS_SINK,
    "address",
    "02:fc:00:00:00:02",
  );
  for (const [ns, dev, ip] of [[NS_FLOOD, VETH_FLOOD, FLOOD_IP], [NS_SINK, VETH_SINK, SINK_IP]]) {
    await sh("ip", "-n", ns, "addr", "add", `${ip}/24`, "dev", dev);
    await sh("ip", "-n", ns, "link", "set", dev, "up");
    await sh("ip", "-n", ns, "link", "set", "lo", "up");
  }
  await sh(
    "ip",
    "-n",
    NS_FLOOD,
    "neigh",
    "replace",
    SINK_IP,
    "lladdr",
    "02:fc:00:00:00:02",
    "dev",
    VETH_FLOOD,
    "nud",
    "permanent",
  );
  if (!dropTenth) return;
  await inNs(
    NS_SINK,
    "iptables",
    "-A",
    "INPUT",
    "-p",
    "udp",
    "--dport",
    String(PORT),
    "-m",
    "length",
    "--length",
    String(IP_LENGTH),
    "-m",
    "statistic",
    "--mode",
    "random",
    "--probability",
    "0.1",
    "-j",
    "DROP",
  );
}

async function removeLink(): Promise<void> {
  for (const ns of [NS_FLOOD, NS_SINK]) {
    await sh("ip", "netns", "del", ns).catch(() => {/* never made */});
  }
}

/** Packets the DROP rule has dropped, from iptables' own counter. */
async function droppedByRule(): Promise<number> {
  const table = await inNs(NS_SINK, "iptables", "-L", "INPUT", "-v", "-x", "-n");
  const rule = table.split("\n").find((line) => line.includes("statistic"));
  assert.ok(rule, `no statistic rule in:\n${table}`);
  return Number(rule.trim().split(/\s+/)[0]);
}

/** A UDP counter of a namespace's /proc/net/snmp (it is per namespace). */
async function udpCounter(ns: string, name: "RcvbufErrors" | "SndbufErrors"): Promise<number> {
  const snmp = (await inNs(ns, "cat", "/proc/net/snmp")).split("\n");
  const [names, values] = snmp.filter((l) => l.startsWith("Udp:")).map((l) => l.split(/\s+/));
  return Number(values[names.indexOf(name)]);
}

/** UDP receive-buffer overflows in the sink's namespace. */
const receiveBufferErrors = () => udpCounter(NS_SINK, "RcvbufErrors");

/**
 * `sink --once` in the sink's namespace, its receive buffer grown to hold a whole flood, so a
 * descheduled sink drops nothing; with the namespace's overflow count before the flood.
 */
async function roomySink(): Promise<{ sink: Framecat; overflows: number }> {
  const sink = new Framecat(
    ["sink", `udp://${SINK_IP}:${PORT}`, "--once", "--output", "json"],
    { wrap: ["ip", "netns", "exec", NS_SINK] },
  );
  try {
    await sink.port();
    const buffer = await growReceiveBuffer(PORT, SINK_BUFFER, NS_SINK);
    assert.ok(buffer >= SINK_BUFFER, `sink receive buffer is ${buffer}`);
    return { sink, overflows: await receiveBufferErrors() };
  } catch (err) {
    await sink[Symbol.asyncDispose]();
    throw err;
  }
}

Deno.test({
  name: "sink loss equals the iptables rule's own drop counter, across two namespaces",
  ignore: unavailable !== undefined,
  fn: async () => {
    try {
      await makeLink();
      const started = await roomySink();
      await using sink = started.sink;
      const overflowsBefore = started.overflows;

      await using flood = new Framecat(
        [
          "flood",
          `udp://${SINK_IP}:${PORT}`,
          "--count",
          String(COUNT),
          "--rate",
          "20000",
          "--size",
          String(SIZE),
          "--output",
          "json",
        ],
        { wrap: ["ip", "netns", "exec", NS_FLOOD] },
      );
      assert.equal((await flood.exited(30_000)).code, 0, flood.stderr);
      const [sent] = flood.of("report", "flood_udp");
      assert.equal(sent.sent, COUNT);

      assert.equal((await sink.exited(15_000)).code, 0, sink.stderr);
      const [report] = sink.of("report", "sink_udp_final");
      const dropped = await droppedByRule();
      assert.equal(
        (await receiveBufferErrors()) - overflowsBefore,
        0,
        "the sink's socket overflowed: loss other than iptables' happened",
      );

      assert.equal(report.end_marker, true);
      assert.equal(report.sent, COUNT);
      assert.equal(report.lost, dropped, "sink loss = the kernel's drop counter");
      assert.equal(report.unique, COUNT - dropped);
      assert.equal(report.received, report.unique);
      assert.equal(report.duplicates, 0);
      assert.equal(report.out_of_order, 0);
      assert.equal(report.truncated, 0);
      const percent = report.lost_percent;
      assert.ok(Math.abs(percent - 10) <= 1.5, `loss ${percent} % is not 10 ± 1.5 %`);
    } finally {
      await removeLink();
    }
  },
});

Deno.test({
  name:
    "a flood through a slow link fills its send buffer, and still sends every datagram in order",
  ignore: unavailable !== undefined,
  fn: async () => {
    try {
      await makeLink(false);
      // 8 Mbit/s out of the flood's side, with room to queue the whole flood: the socket's send
      // buffer (about 200 such datagrams) fills long before the queue, so the kernel refuses a
      // batch part way (EAGAIN), and what it refused must go through Deno's send, which waits.
      await inNs(
        NS_FLOOD,
        "tc",
        "qdisc",
        "add",
        "dev",
        VETH_FLOOD,
        "root",
        "tbf",
        "rate",
        "8mbit",
        "burst",
        "16kb",
        "limit",
        "8mb",
      );
      const started = await roomySink();
      await using sink = started.sink;
      const overflowsBefore = started.overflows;
      const refusedBefore = await udpCounter(NS_FLOOD, "SndbufErrors");
      const count = 3000;
      await using flood = new Framecat(
        [
          "flood",
          `udp://${SINK_IP}:${PORT}`,
          "--count",
          `${count}`,
          "--rate",
          "0",
          "--size",
          `${SIZE}`,
          "--output",
          "json",
        ],
        { wrap: ["ip", "netns", "exec", NS_FLOOD] },
      );
      assert.equal((await flood.exited(30_000)).code, 0, flood.stderr);
      assert.equal(flood.of("report", "flood_udp")[0].sent, count);
      assert.ok(
        (await udpCounter(NS_FLOOD, "SndbufErrors")) > refusedBefore,
        "the kernel refused part of a batch at least once (a full send buffer)",
      );
      assert.equal((await sink.exited(15_000)).code, 0, sink.stderr);
      const [report] = sink.of("report", "sink_udp_final");
      assert.equal(
        (await receiveBufferErrors()) - overflowsBefore,
        0,
        "the sink's socket overflowed",
      );
      assert.equal(report.end_marker, true);
      assert.equal(report.sent, count);
      assert.equal(report.lost, 0, "every datagram the kernel refused was sent again");
      assert.equal(report.unique, count);
      assert.equal(report.duplicates, 0, "none was sent twice");
      assert.equal(report.out_of_order, 0, "in the order they were numbered");
    } finally {
      await removeLink();
    }
  },
});

/**
 * A demo whose loopback traffic cannot get through ends with one line and
 * exit 1 within seconds, never an internal error: each case runs in a
 * network namespace of its own whose loopback a firewall rule (iptables)
 * blocks (every packet dropped, TCP refused, UDP dropped) or whose loopback
 * is down. A demo of the other transport still runs where one is blocked.
 * Where lo is down, a connect to 127.0.0.1 names lo as the cause too. Needs root (namespaces); skipped with a
 * message elsewhere.
 */
import assert from "node:assert/strict";
import { framecatArgs } from "./helpers/cli.ts";
import { output, type ProcessResult, runProcess } from "./helpers/process.ts";

/**
 * A namespace whose loopback the iptables rule `rule` filters, or that is left down; the reason
 * when there can be none.
 */
class Firewalled implements AsyncDisposable {
  static #made = 0;
  readonly name = `fcqademo${Deno.pid % 100000}x${Firewalled.#made++}`;
  unavailable?: string;

  static async make(rule: string[] | "lo down"): Promise<Firewalled> {
    const ns = new Firewalled();
    try {
      await output("ip", ["netns", "add", ns.name]);
    } catch (err) {
      ns.unavailable = err instanceof Error ? err.message.trim() : String(err);
      return ns;
    }
    if (rule === "lo down") return ns;
    await output("ip", ["-n", ns.name, "link", "set", "lo", "up"]);
    await output("ip", ["netns", "exec", ns.name, "iptables", "-A", "INPUT", "-i", "lo", ...rule]);
    return ns;
  }

  /** `framecat ARGS` run there, as a user runs it. */
  framecat(...args: string[]): Promise<ProcessResult> {
    return runProcess("ip", ["netns", "exec", this.name, Deno.execPath(), ...framecatArgs(args)], {
      env: { NO_COLOR: "1" },
      timeoutMs: 90_000,
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.unavailable === undefined) await output("ip", ["netns", "del", this.name]);
  }
}

/** Exit 1 and exactly one line, matching `line`, with no trace of a crash. */
function saysOneLine(result: ProcessResult, line: RegExp): void {
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, line);
  assert.equal(result.stderr.split("\n").length, 2, result.stderr);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
}

Deno.test("a demo whose loopback is firewalled says so in one line and exits 1", async (t) => {
  await using deaf = await Firewalled.make(["-j", "DROP"]);
  await using refusing = await Firewalled.make(["-p", "tcp", "-j", "REJECT"]);
  await using udpDeaf = await Firewalled.make(["-p", "udp", "-j", "DROP"]);
  await using loDown = await Firewalled.make("lo down");
  if (deaf.unavailable) {
    console.warn(`skipping: cannot make a network namespace (${deaf.unavailable})`);
    return;
  }
  // All at once: the waits are the loopback probe's, not work.
  const [en, zh, refused, udpEn, udpZh, tcpBesideUdp, down] = await Promise.all([
    deaf.framecat("demo", "sticky", "--lang", "en"),
    deaf.framecat("demo", "sticky", "--lang", "zh"),
    refusing.framecat("demo", "sticky", "--lang", "en"),
    udpDeaf.framecat("demo", "udp-boundaries", "--lang", "en"),
    udpDeaf.framecat("demo", "udp-boundaries", "--lang", "zh"),
    udpDeaf.framecat("demo", "sticky", "--lang", "en"),
    loDown.framecat("demo", "sticky", "--lang", "en"),
  ]);
  await t.step("every packet dropped: exit 1, one line naming the demo, no stack trace", () => {
    saysOneLine(
      en,
      /^framecat: The demo sticky cannot start: a connection to 127\.0\.0\.1 got no answer within 3 s; loopback traffic does not get through: a firewall rule on lo, or lo is down \(ip link set lo up\)\n$/,
    );
  });
  await t.step("in Chinese, the same line in Chinese", () => {
    saysOneLine(
      zh,
      /^framecat: 演示 sticky 无法开始：连接 127\.0\.0\.1 在 3 秒内没有回应；回环上的流量过不去：lo 上有防火墙规则，或者 lo 没有启用（ip link set lo up）\n$/,
    );
  });
  await t.step("TCP refused: says refused", () => {
    saysOneLine(
      refused,
      /^framecat: The demo sticky cannot start: a connection to 127\.0\.0\.1 was refused; loopback traffic does not get through/,
    );
  });
  await t.step(
    "UDP dropped: a UDP demo says its datagram did not arrive, in both languages",
    () => {
      saysOneLine(
        udpEn,
        /^framecat: The demo udp-boundaries cannot start: a UDP datagram sent to 127\.0\.0\.1 did not arrive within 3 s; loopback traffic does not get through/,
      );
      saysOneLine(
        udpZh,
        /^framecat: 演示 udp-boundaries 无法开始：发往 127\.0\.0\.1 的 UDP 数据报在 3 秒内没有到达；回环上的流量过不去/,
      );
    },
  );
  await t.step("UDP dropped: a TCP demo there still runs", () => {
    assert.equal(tcpBesideUdp.code, 0, tcpBesideUdp.stderr);
    assert.match(new TextDecoder().decode(tcpBesideUdp.stdout), /read #1 +10 B +"helloworld"/);
  });
  await t.step("lo down: the connection fails at once, and the line says lo may be down", () => {
    saysOneLine(
      down,
      /^framecat: The demo sticky cannot start: a connection to 127\.0\.0\.1 failed at once; .*lo is down \(ip link set lo up\)\n$/,
    );
  });
});

Deno.test("connect to 127.0.0.1 where lo is down: one line that says to bring lo up", async () => {
  await using loDown = await Firewalled.make("lo down");
  if (loDown.unavailable) {
    console.warn(`skipping: cannot make a network namespace (${loDown.unavailable})`);
    return;
  }
  const [tcp, udp, zh] = await Promise.all([
    loDown.framecat("connect", "127.0.0.1:9000", "--send", "hi"),
    loDown.framecat("connect", "udp://127.0.0.1:9000", "--send", "hi"),
    loDown.framecat("connect", "127.0.0.1:9000", "--send", "hi", "--lang", "zh"),
  ]);
  saysOneLine(
    tcp,
    /^framecat: Cannot connect to tcp:\/\/127\.0\.0\.1:9000: .*; the loopback interface is down: ip link set lo up\n$/,
  );
  // UDP says first where it sends from (on stderr), then why it cannot.
  assert.equal(udp.code, 1, udp.stderr);
  assert.match(
    udp.stderr,
    /\nframecat: Cannot send to udp:\/\/127\.0\.0\.1:9000: .*; the loopback interface is down: ip link set lo up\n$/,
  );
  saysOneLine(
    zh,
    /^framecat: 无法连接到 tcp:\/\/127\.0\.0\.1:9000：.*；回环网卡 lo 没有启用：ip link set lo up\n$/,
  );
});

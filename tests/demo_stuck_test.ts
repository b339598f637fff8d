/**
 * A demo whose loopback traffic never arrives ends with one line and exit 1
 * within seconds, never an internal error: it runs in a network namespace of
 * its own whose loopback drops every packet (iptables), so its first
 * connection gets no answer.
 * Needs root (namespaces); skipped with a message elsewhere.
 */
import assert from "node:assert/strict";
import { framecatArgs } from "./helpers/cli.ts";
import { output, runProcess } from "./helpers/process.ts";

const NS = `fcqademo${Deno.pid % 100000}`;

async function ip(...args: string[]): Promise<void> {
  await output("ip", args);
}

/** Makes NS with a loopback that drops everything; the reason when it cannot. */
async function makeDeafLoopback(): Promise<string | undefined> {
  try {
    await ip("netns", "add", NS);
  } catch (err) {
    return err instanceof Error ? err.message.trim() : String(err);
  }
  await ip("-n", NS, "link", "set", "lo", "up");
  await output("ip", ["netns", "exec", NS, "iptables", "-A", "INPUT", "-i", "lo", "-j", "DROP"]);
  return undefined;
}

Deno.test("a demo whose loopback is firewalled says so in one line and exits 1", async (t) => {
  try {
    const unavailable = await makeDeafLoopback();
    if (unavailable) {
      console.warn(`skipping: cannot make a network namespace (${unavailable})`);
      return;
    }
    // Both languages at once: the wait is the loopback probe's, not work.
    const [en, zh] = await Promise.all(["en", "zh"].map((lang) => {
      const demo = framecatArgs(["demo", "sticky", "--lang", lang]);
      return runProcess("ip", ["netns", "exec", NS, Deno.execPath(), ...demo], {
        env: { NO_COLOR: "1" },
        timeoutMs: 90_000,
      });
    }));
    await t.step("exit 1, one line naming the demo, no stack trace", () => {
      assert.equal(en.code, 1, en.stderr);
      assert.match(
        en.stderr,
        /^framecat: The demo sticky cannot start: a connection to 127\.0\.0\.1 got no answer within 3 s; loopback traffic is blocked.*\n$/,
      );
      assert.doesNotMatch(en.stderr, /internal error|\n\s+at /);
    });
    await t.step("in Chinese, the same line in Chinese", () => {
      assert.equal(zh.code, 1, zh.stderr);
      assert.match(
        zh.stderr,
        /^framecat: 演示 sticky 无法开始：连接 127\.0\.0\.1 在 3 秒内没有回应；回环上的流量被拦截了/,
      );
      assert.equal(zh.stderr.split("\n").length, 2, zh.stderr);
    });
  } finally {
    await ip("netns", "del", NS).catch(() => {/* never made */});
  }
});

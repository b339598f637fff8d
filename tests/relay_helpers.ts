/** Helpers of the relay tests: a relay in front of a target, and its final stats. */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";

export const J = ["--output", "json"];

/** `framecat relay` from a free port to `target`, with fault options; dispose kills it. */
export async function startRelay(
  target: string,
  faults: string[],
  listen = "127.0.0.1:0",
): Promise<{ relay: Framecat; port: number }> {
  const relay = new Framecat(["relay", listen, target, ...faults, ...J]);
  return { relay, port: await relay.port() };
}

/** Stops the relay with Ctrl-C and returns its `stats` event. */
export async function stopStats(relay: Framecat): Promise<Record<string, number>> {
  const status = await relay.stop();
  assert.equal(status.code, 0, relay.stderr);
  const stats = relay.of("stats");
  assert.equal(stats.length, 1, "one stats event at the end");
  return stats[0] as Record<string, number>;
}

/** The relay's `fault` events of one kind. */
export function faults(relay: Framecat, fault: string): Record<string, unknown>[] {
  return relay.of("fault").filter((e) => e.fault === fault);
}

const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;

/** Runs tests/fixtures/`script` with python3 (killed after `timeoutMs`); parses the JSON it prints last. */
export async function pythonJson<T>(
  script: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<T> {
  const child = new Deno.Command("python3", {
    args: [FIXTURES + script, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const out = await child.output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    if (out.code !== 0) throw new Error(`${script} exited ${out.code}: ${decode(out.stderr)}`);
    return JSON.parse(decode(out.stdout).trim().split("\n").at(-1)!);
  } finally {
    clearTimeout(timer);
  }
}

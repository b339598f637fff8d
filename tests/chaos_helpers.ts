/** Helpers of the chaos tests: faults caused for real against spawned servers. */
import assert from "node:assert/strict";
import { createDecoder, createEncoder } from "../lib/framing/mod.ts";
import type { Framecat } from "./helpers/cli.ts";
import { readFrames, text, writeAll } from "./helpers/net.ts";
import { fixture, output, PYTHON } from "./helpers/process.ts";

export const J = ["--output", "json"];

/**
 * 300 connections to `port`, each reset (SO_LINGER 0) while `server` is
 * stopped, so each is reset before it is accepted (tests/fixtures/reset_storm.py).
 */
export async function resetStorm(port: number, server: Framecat, count = 300): Promise<void> {
  const out = await output(
    PYTHON,
    fixture("reset_storm.py", [`${port}`, `${count}`, `${server.pid}`]),
  );
  assert.equal(new TextDecoder().decode(out).trim(), `${count}`);
}

/** Sends one line-framed message and returns the first line-framed reply (undefined: none). */
export async function lineRoundTrip(
  port: number,
  message: string,
  timeoutMs = 10_000,
): Promise<string | undefined> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await writeAll(conn, createEncoder("line").encode(text(message)));
    const [reply] = await readFrames(conn, createDecoder("line"), 1, timeoutMs);
    return reply && new TextDecoder().decode(reply.payload);
  } finally {
    try {
      conn.close();
    } catch { /* closed by the read's timeout */ }
  }
}

/** Waits for a `frame` event whose text is `message` (a server that does not reply heard it). */
export function heard(server: Framecat, message: string, timeoutMs = 10_000) {
  return server.waitFor(
    (evs) => evs.find((e) => e.event === "frame" && e.text === message),
    timeoutMs,
    `a frame "${message}"`,
  );
}

/** Resident memory of a process in bytes, from /proc/PID/status (VmRSS). */
export function rssBytes(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kib = status.match(/^VmRSS:\s+(\d+) kB/m);
  assert.ok(kib, `no VmRSS in /proc/${pid}/status`);
  return Number(kib[1]) * 1024;
}

/**
 * serve --behavior exec: the course's remote-command server. Replies in every
 * framing, the 1,024-byte spill-over on purpose, the timeout that kills the
 * whole process tree, concurrent clients, and the non-loopback refusal.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import {
  eventsOf,
  Framecat,
  type JsonEvent,
  type JsonEventOf,
  runFramecat,
} from "./helpers/cli.ts";
import { canUnshare } from "./course_helpers.ts";
import { UdpClient } from "./helpers/net.ts";
import { pythonJson } from "./helpers/process.ts";

const EXEC = ["--behavior", "exec", "--output", "json"];
/** 200 KiB of "a": far more than one recv(1024). */
const BIG = 200 * 1024;
const BIG_COMMAND = `head -c ${BIG} /dev/zero | tr '\\0' a`;

function replies(events: JsonEvent[]): JsonEventOf<"frame">[] {
  return eventsOf(events, "frame");
}

/** `connect` sending one command to `ep` and waiting for its one reply. */
function sendCommand(ep: string, framing: string, command: string) {
  return runFramecat([
    "connect",
    ep,
    "--framing",
    framing,
    "--send",
    command,
    "--expect",
    "1",
    "--output",
    "json",
  ]);
}

Deno.test("exec: echo hi comes back in every framing, over TCP and UDP", async () => {
  const cases = [
    { framing: "raw", transport: "tcp", text: "hi\n" },
    { framing: "line", transport: "tcp", text: "hi" }, // the output's newline is the frame's
    { framing: "len", transport: "tcp", text: "hi\n" },
    { framing: "json", transport: "tcp", text: "hi\n" },
    { framing: "raw", transport: "udp", text: "hi\n" },
    { framing: "json", transport: "udp", text: "hi\n" },
  ];
  await Promise.all(cases.map(async ({ framing, transport, text }) => {
    await using server = new Framecat([
      "serve",
      `${transport}://127.0.0.1:0`,
      "--framing",
      framing,
      ...EXEC,
    ]);
    const ep = `${transport}://127.0.0.1:${await server.port()}`;
    const run = await sendCommand(ep, framing, "echo hi");
    strictEqual(run.code, 0, `${framing}/${transport}: ${run.stderr}`);
    const [reply] = replies(run.events);
    strictEqual(reply?.text, text, `${framing}/${transport}`);
    if (framing === "json") strictEqual((reply.header as Record<string, unknown>).exit_code, 0);
  }));
});

Deno.test("exec: the json header carries exit_code; stderr follows stdout", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--framing", "json", ...EXEC]);
  const ep = `127.0.0.1:${await server.port()}`;
  const run = await sendCommand(ep, "json", "echo out; echo err >&2; exit 3");
  strictEqual(run.code, 0, run.stderr);
  const [reply] = replies(run.events);
  strictEqual(reply.text, "out\nerr\n");
  strictEqual((reply.header as Record<string, unknown>).exit_code, 3);
});

Deno.test("exec: with raw framing a long output spills into the next reply (the course's lesson)", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", ...EXEC]);
  const port = await server.port();
  // The course's client: send, recv(1024) once, send the next command, recv(1024).
  const [first, second] = await pythonJson<string[]>("course_exec_client.py", [
    String(port),
    BIG_COMMAND,
    "echo hi",
  ]);
  ok(first.length > 0 && first.length <= 1024 && /^a+$/.test(first), first.slice(0, 40));
  // The "reply" to echo hi is still the first command's output.
  ok(/^a+$/.test(second), `the second reply should be more "a"s, got ${second.slice(0, 40)}`);
});

Deno.test("exec: a 1,024-byte reader gets the whole output in pieces, then the next reply", async () => {
  // Commands as lines (so two never stick together), replies raw, as the course sends them.
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--recv-framing",
    "line",
    "--send-framing",
    "raw",
    ...EXEC,
  ]);
  const run = await runFramecat([
    "connect",
    `127.0.0.1:${await server.port()}`,
    "--send-framing",
    "line",
    "--recv-framing",
    "raw",
    "--read-size",
    "1024",
    "--send",
    BIG_COMMAND,
    "--send",
    "echo hi",
    "--half-close", // the server closes after both replies: the client reads to EOF
    "--wait", // bounds the wait for that EOF: 200 KiB of output can take seconds on a busy machine
    "30000",
    "--output",
    "json",
  ]);
  strictEqual(run.code, 0, run.stderr);
  const reads = eventsOf(run.events, "read");
  ok(reads.every((r) => (r.bytes ?? Infinity) <= 1024), "no read is over --read-size");
  ok(reads.length > BIG / 1024, `${reads.length} reads`);
  const stream = reads.map((r) => r.text).join("");
  strictEqual(stream, "a".repeat(BIG) + "hi\n");
});

Deno.test("exec: output over --max-frame is cut, and the reply says so", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "json",
    "--max-frame",
    "4KiB",
    ...EXEC,
  ]);
  const ep = `127.0.0.1:${await server.port()}`;
  const run = await sendCommand(ep, "json", "head -c 10000 /dev/zero | tr '\\0' b");
  strictEqual(run.code, 0, run.stderr);
  const [reply] = replies(run.events);
  const header = reply.header as Record<string, unknown>;
  strictEqual(header.truncated, true);
  strictEqual(header.output_bytes, 10000);
  ok((reply.bytes ?? Infinity) <= 4096, `${reply.bytes} bytes`);
  const text = reply.text as string;
  const kept = text.indexOf("\n");
  ok(/^b+$/.test(text.slice(0, kept)), "the output's start is kept");
  strictEqual(text.slice(kept), `\nframecat: output cut to ${kept} of 10000 bytes (--max-frame)\n`);
});

/** Whether a process whose command line holds `token` is alive. */
function running(token: string): boolean {
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (cmdline.includes(token)) return true;
    } catch { /* gone meanwhile */ }
  }
  return false;
}

Deno.test({
  name: "exec: a command over --exec-timeout is killed with what it started, and the reply says so",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await using server = new Framecat([
      "serve",
      "127.0.0.1:0",
      "--framing",
      "json",
      "--exec-timeout",
      "500ms",
      ...EXEC,
    ]);
    // A fractional duration nobody else sleeps, so /proc tells our sleeps apart.
    const token = `60.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    const ep = `127.0.0.1:${await server.port()}`;
    const run = await sendCommand(ep, "json", `sleep ${token} & sleep ${token}; echo never`);
    strictEqual(run.code, 0, run.stderr);
    const [reply] = replies(run.events);
    const header = reply.header as Record<string, unknown>;
    strictEqual(header.killed, true);
    strictEqual(reply.text, "framecat: command killed after 0.5 s (--exec-timeout)\n");
    await server.waitFor(
      (evs) => eventsOf(evs, "error").some((e) => /killed after 0\.5 s/.test(e.message)),
      10_000,
      "the error event of the killed command",
    );
    // Both sleeps (the background one too) are gone: the process group was killed.
    for (let i = 0; i < 50 && running(token); i++) await sleep(100);
    strictEqual(running(token), false, "a sleep of the killed command is still running");
  },
});

/** A command that waits (up to the timeout) until another command creates `flag`. */
const waitFor = (flag: string) => `while [ ! -e ${flag} ]; do sleep 0.05; done; echo waited`;

Deno.test("exec: commands of concurrent TCP clients do not block each other", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const flag = `${dir}/flag`;
    await using server = new Framecat(["serve", "127.0.0.1:0", "--exec-timeout", "20", ...EXEC]);
    const ep = `127.0.0.1:${await server.port()}`;
    const connect = (command: string) =>
      runFramecat(["connect", ep, "--send", command, "--expect", "1", "--output", "json"]);
    const waiting = connect(waitFor(flag));
    // Once the first command runs, a second client's command must run too, or both wait forever.
    await server.waitFor((evs) => eventsOf(evs, "frame").length === 1, 10_000, "the first command");
    const other = await connect(`touch ${flag}; echo touched`);
    strictEqual(replies(other.events)[0]?.text, "touched\n");
    strictEqual(replies((await waiting).events)[0]?.text, "waited\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exec: commands of two UDP peers do not block each other", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const flag = `${dir}/flag`;
    await using server = new Framecat([
      "serve",
      "udp://127.0.0.1:0",
      "--exec-timeout",
      "20",
      ...EXEC,
    ]);
    const port = await server.port();
    using waiting = new UdpClient(port);
    using other = new UdpClient(port);
    await waiting.send(waitFor(flag));
    await server.waitFor((evs) => eventsOf(evs, "frame").length === 1, 10_000, "the first command");
    await other.send(`touch ${flag}; echo touched`);
    strictEqual(await other.receive(10_000), "touched\n");
    strictEqual(await waiting.receive(10_000), "waited\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exec: a non-loopback bind is refused without --exec-public (exit 2)", async () => {
  for (const ep of ["0.0.0.0:0", "udp://0.0.0.0:0", "[::]:0"]) {
    const run = await runFramecat(["serve", ep, "--behavior", "exec"]);
    strictEqual(run.code, 2, ep);
    ok(run.stderr.includes("--exec-public"), run.stderr);
    deepStrictEqual(run.stderr.split("\n").filter(Boolean).length, 1, "one line");
  }
});

Deno.test({
  name: "exec: --exec-public on a reachable address warns loudly (in a private network namespace)",
  ignore: !canUnshare("-n"),
  async fn() {
    // The namespace has no interface up: 0.0.0.0 there reaches nobody.
    await using server = new Framecat(["serve", "0.0.0.0:0", "--exec-public", ...EXEC], {
      wrap: ["unshare", "-n"],
    });
    await server.port(); // the warning comes before `listening`
    const [warning] = server.of("info", "warning");
    ok(/WARNING: --exec-public/.test(warning?.message ?? ""), JSON.stringify(server.events));
  },
});

Deno.test("exec: a command is shown escaped as framecat shows any bytes (\\x01, not \\u0001)", async () => {
  await using server = new Framecat(["serve", "udp://127.0.0.1:0", ...EXEC]);
  using client = new UdpClient(await server.port());
  await client.send("printf 'a\x01b'");
  strictEqual(await client.receive(10_000), "a\x01b");
  const [ran] = await server.waitFor(
    (evs) => {
      const infos = eventsOf(evs, "info", "exec");
      return infos.length > 0 ? infos : undefined;
    },
    10_000,
    "the exec event",
  );
  strictEqual(ran.message, `exec "printf 'a\\x01b'": exit 0, 3 bytes`);
});

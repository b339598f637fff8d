/**
 * framecat against real peers: python3 written the way the course writes
 * it (struct.pack('i') prefixes, recv(1024) loops), nc and socat.
 */
import assert from "node:assert/strict";
import { sleep } from "../lib/sleep.ts";
import { connectTo, eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { freePort } from "./helpers/net.ts";
import {
  background,
  fixture,
  output,
  PYTHON,
  runProcess,
  startProcess,
} from "./helpers/process.ts";

const J = ["--output", "json"];

/** Runs a peer to its end with `stdin`; its stdout as text. */
async function peerOutput(cmd: string, args: string[], stdin: string): Promise<string> {
  const { stdout } = await runProcess(cmd, args, { stdin, timeoutMs: 10_000 });
  return new TextDecoder().decode(stdout);
}

/**
 * Waits until something listens on TCP, or is bound on UDP, at 127.0.0.1:`port`
 * (Linux's socket tables), so a peer started in the background is ready.
 */
async function bound(transport: "tcp" | "udp", port: number): Promise<void> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  // TCP must be in LISTEN (0A); a UDP socket only needs to exist.
  const line = new RegExp(`^\\s*\\d+: ${local} \\S+ ${transport === "tcp" ? "0A" : "\\S+"} `, "m");
  const deadline = Date.now() + 10_000;
  while (!line.test(await Deno.readTextFile(`/proc/net/${transport}`))) {
    if (Date.now() > deadline) {
      throw new Error(`nothing is bound to ${transport} 127.0.0.1:${port}`);
    }
    await sleep(20);
  }
}

Deno.test("the course's python client (struct.pack('i')) talks to framecat --prefix u32le", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "len",
    "--prefix",
    "u32le",
    "--behavior",
    "upper",
    ...J,
  ]);
  const port = await server.port();
  const args = fixture("course_len_client.py", [String(port), "hello", "粘包", "x".repeat(3000)]);
  const out = new TextDecoder().decode(await output(PYTHON, args));
  assert.deepEqual(out.trimEnd().split("\n"), ["HELLO", "粘包", "X".repeat(3000)]);
  // Each frame event comes before its reply: all three are on their way to us.
  const frames = await server.waitFor((evs) => {
    const found = eventsOf(evs, "frame");
    return found.length === 3 && found;
  });
  assert.deepEqual(frames.map((f) => f.text), ["hello", "粘包", "x".repeat(3000)]);
});

Deno.test("framecat connect --prefix u32le talks to the course's python server", async () => {
  await using server = await startProcess(PYTHON, fixture("course_len_server.py"));
  const client = await runFramecat([
    "connect",
    server.firstLine,
    "--framing",
    "len",
    "--prefix",
    "u32le",
    "--send",
    "one",
    "--send",
    "two",
    "--expect",
    "2",
    ...J,
  ]);
  assert.equal(client.code, 0, client.stderr);
  assert.deepEqual(eventsOf(client.events, "frame").map((e) => e.text), [
    "ONE",
    "TWO",
  ]);
});

Deno.test("nc is a raw TCP peer: framecat echoes what nc sends", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", ...J]);
  const port = await server.port();
  assert.equal(
    await peerOutput("nc", ["-N", "127.0.0.1", String(port)], "through nc\n"),
    "through nc\n",
  );
});

Deno.test("socat is a raw UDP peer: framecat echoes its datagram", async () => {
  await using server = new Framecat(["serve", "udp://127.0.0.1:0", "--behavior", "upper", ...J]);
  const port = await server.port();
  const args = ["-t", "1", "-", `UDP:127.0.0.1:${port}`];
  assert.equal(await peerOutput("socat", args, "via socat"), "VIA SOCAT");
});

Deno.test("framecat connect talks to socat and nc servers (TCP and UDP)", async () => {
  const port = freePort();
  await using _socat = background("socat", [
    `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`,
    "EXEC:tr a-z A-Z",
  ]);
  const udpPort = freePort();
  const nc = new Deno.Command("nc", {
    args: ["-u", "-l", "127.0.0.1", String(udpPort)],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    await bound("tcp", port);
    const tcp = await connectTo(port, [
      "--send",
      "shout",
      "--half-close",
      "--wait",
      "3000",
      ...J,
    ]);
    assert.equal(tcp.code, 0, tcp.stderr);
    assert.equal(
      eventsOf(tcp.events, "read").map((e) => e.text).join(""),
      "SHOUT",
    );
    await bound("udp", udpPort);
    const udp = await runFramecat([
      "connect",
      `udp://127.0.0.1:${udpPort}`,
      "--send",
      "to nc",
      "--wait",
      "300",
      ...J,
    ]);
    assert.equal(udp.code, 0);
    const reader = nc.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const timer = setTimeout(() => nc.kill("SIGKILL"), 5000);
    const got = (await reader.read()).value;
    clearTimeout(timer);
    reader.releaseLock();
    assert.equal(got, "to nc");
  } finally {
    try {
      nc.kill("SIGKILL");
    } catch { /* gone */ }
    await nc.status;
    await nc.stdout.cancel().catch(() => {});
  }
});

Deno.test("framecat connect without --prefix i to the course's python server: nothing back, and the hint to add it", async () => {
  await using server = await startProcess(PYTHON, fixture("course_len_server.py"));
  // It reads our 4-byte big-endian 3 as a little-endian 50 million and waits for them.
  const args = ["connect", server.firstLine, "--framing", "len", "--send", "one", "--expect", "1"];
  const client = await runFramecat([...args, "--wait", "500"]);
  assert.equal(client.code, 4, client.stderr);
  assert.match(
    client.stderr,
    /^framecat: got 0 of 1 messages; nothing came back: a server written as the course writes it \(struct\.unpack\('i'\), a little-endian length\) reads this big-endian length as a huge one and is still waiting for it; add --prefix i$/m,
  );
});

Deno.test("no --prefix hint for line framing, which has no prefix to change", async () => {
  await using server = await startProcess(PYTHON, fixture("course_len_server.py"));
  // Line framing has no prefix to change.
  const line = await runFramecat([
    ...["connect", server.firstLine, "--send", "one", "--expect", "1", "--wait", "300"],
  ]);
  assert.equal(line.code, 4, line.stderr);
  assert.match(line.stderr, /got 0 of 1 messages$/m);
  assert.doesNotMatch(line.stderr, /--prefix i/);
});

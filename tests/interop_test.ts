/**
 * framecat against real peers: python3 written the way the course writes
 * it (struct.pack('i') prefixes, recv(1024) loops), nc and socat.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { python } from "./helpers/net.ts";

const J = ["--output", "json"];
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

async function spawnText(cmd: string, args: string[], stdin: string, timeoutMs = 10_000) {
  const child = new Deno.Command(cmd, { args, stdin: "piped", stdout: "piped", stderr: "piped" })
    .spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(stdin));
  await w.close();
  const out = await child.output();
  clearTimeout(timer);
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
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
  const out = await python(await Deno.readTextFile(fixture("course_len_client.py")), [
    String(port),
    "hello",
    "粘包",
    "x".repeat(3000),
  ]);
  assert.deepEqual(out.trimEnd().split("\n"), ["HELLO", "粘包", "X".repeat(3000)]);
  assert.deepEqual(server.of("frame").map((f) => f.text), ["hello", "粘包", "x".repeat(3000)]);
});

Deno.test("framecat connect --prefix u32le talks to the course's python server", async () => {
  const child = new Deno.Command("python3", {
    args: [fixture("course_len_server.py")],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const port = Number((await reader.read()).value!.trim());
    reader.releaseLock();
    const client = await runFramecat([
      "connect",
      `${port}`,
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
    assert.deepEqual(client.events.filter((e) => e.event === "frame").map((e) => e.text), [
      "ONE",
      "TWO",
    ]);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* it exits by itself after one connection */ }
    await child.status;
    await child.stdout.cancel().catch(() => {});
  }
});

Deno.test("nc is a raw TCP peer: framecat echoes what nc sends", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", ...J]);
  const port = await server.port();
  const r = await spawnText("nc", ["-N", "127.0.0.1", String(port)], "through nc\n");
  assert.equal(r.stdout, "through nc\n");
});

Deno.test("socat is a raw UDP peer: framecat echoes its datagram", async () => {
  await using server = new Framecat(["serve", "udp://127.0.0.1:0", "--behavior", "upper", ...J]);
  const port = await server.port();
  const r = await spawnText("socat", ["-t", "1", "-", `UDP:127.0.0.1:${port}`], "via socat");
  assert.equal(r.stdout, "VIA SOCAT");
});

Deno.test("framecat connect talks to socat and nc servers (TCP and UDP)", async () => {
  const port = (await import("./helpers/net.ts")).freePort();
  const socat = new Deno.Command("socat", {
    args: [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, "EXEC:tr a-z A-Z"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const udpPort = (await import("./helpers/net.ts")).freePort();
  const nc = new Deno.Command("nc", {
    args: ["-u", "-l", "127.0.0.1", String(udpPort)],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    let tcp;
    for (let i = 0; i < 50; i++) {
      tcp = await runFramecat([
        "connect",
        `${port}`,
        "--send",
        "shout",
        "--half-close",
        "--wait",
        "3000",
        ...J,
      ]);
      if (tcp.code === 0) break;
      await new Promise((r) => setTimeout(r, 100)); // socat still starting
    }
    assert.equal(tcp!.code, 0, tcp!.stderr);
    assert.equal(
      tcp!.events.filter((e) => e.event === "read").map((e) => e.text).join(""),
      "SHOUT",
    );
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
    for (const p of [socat, nc]) {
      try {
        p.kill("SIGKILL");
      } catch { /* gone */ }
      await p.status;
    }
    await nc.stdout.cancel().catch(() => {});
  }
});

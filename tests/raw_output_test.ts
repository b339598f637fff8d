/**
 * --output raw: framecat in a pipe, as nc is used. The bytes on stdout are
 * the received messages and nothing else; everything else is on stderr.
 */
import assert from "node:assert/strict";
import { Framecat, framecatArgs } from "./helpers/cli.ts";
import { runProcess } from "./helpers/process.ts";

const runRaw = (args: string[], stdin?: Uint8Array) =>
  runProcess(Deno.execPath(), framecatArgs(args), { stdin, timeoutMs: 60_000 });

/** Runs framecat with `args` and the shell redirections `redirect` (`< in > out`). */
function framecatRedirected(args: string[], redirect: string) {
  return runProcess("sh", ["-c", `"$@" ${redirect}`, "sh", Deno.execPath(), ...framecatArgs(args)]);
}

Deno.test("raw output: 5 MB through an echo server with --half-close comes back byte-identical", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--output", "json"]);
  const port = await server.port();
  const dir = await Deno.makeTempDir({ prefix: "fc11" });
  try {
    const big = new Uint8Array(5 * 1024 * 1024);
    // Random everywhere, not one block repeated: a lost or doubled chunk cannot line up again.
    for (let off = 0; off < big.length; off += 65536) {
      crypto.getRandomValues(big.subarray(off, off + 65536));
    }
    await Deno.writeFile(`${dir}/in`, big);
    // As nc -N is used: a file in, the echo out, both through the shell's redirections.
    // --wait: the echo ends when the server closes after our EOF, as for nc -N, not after 1 s.
    const result = await framecatRedirected(
      ["connect", `127.0.0.1:${port}`, "--half-close", "--wait", "30000", "--output", "raw"],
      `< ${dir}/in > ${dir}/out`,
    );
    assert.equal(result.code, 0, result.stderr);
    const out = await Deno.readFile(`${dir}/out`);
    assert.equal(out.length, big.length);
    assert.ok(out.every((b, i) => b === big[i]), "the echoed bytes differ");
    assert.match(result.stderr, /connected/, "lifecycle lines go to stderr");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("raw output: -q leaves stderr empty; line framing gives each line with its newline", async () => {
  await using server = new Framecat(["serve", "127.0.0.1:0", "--output", "json"]);
  const port = await server.port();
  const result = await runRaw(
    ["connect", `${port}`, "--framing", "line", "--half-close", "--output", "raw", "-q"],
    new TextEncoder().encode("one\r\ntwo\n"),
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(new TextDecoder().decode(result.stdout), "one\ntwo\n");
  assert.equal(result.stderr, "");
});

Deno.test("raw output: len framing gives each payload, without its prefix", async () => {
  await using server = new Framecat([
    "serve",
    "127.0.0.1:0",
    "--framing",
    "len",
    "--output",
    "json",
  ]);
  const port = await server.port();
  const result = await runRaw([
    "connect",
    `${port}`,
    "--framing",
    "len",
    "--send",
    "ab",
    "--send",
    "cde",
    "--expect",
    "2",
    "--output",
    "raw",
    "-q",
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(new TextDecoder().decode(result.stdout), "abcde");
});

/** A framecat whose stdout is raw bytes: its port is read from the "Listening on" line on stderr. */
async function startRawServer(args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: framecatArgs(args),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = new Response(child.stdout).bytes();
  const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let stderr = "";
  let port: number | undefined;
  while (port === undefined) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`framecat ended before listening: ${stderr}`);
    stderr += value;
    port = Number(/Listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]) || undefined;
  }
  const rest = (async () => {
    for (let r = await lines.read(); !r.done; r = await lines.read()) stderr += r.value;
  })();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return {
    port,
    async done() {
      const [status, bytes] = await Promise.all([child.status, stdout, rest]);
      clearTimeout(timer);
      return { code: status.code, stdout: bytes, stderr };
    },
  };
}

Deno.test("raw output: a file sent by nc -N to serve --once --behavior discard arrives byte-identical", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fc11" });
  try {
    const data = crypto.getRandomValues(new Uint8Array(60_000));
    await Deno.writeFile(`${dir}/in`, data);
    const server = await startRawServer([
      "serve",
      "127.0.0.1:0",
      "--once",
      "--behavior",
      "discard",
      "--output",
      "raw",
    ]);
    const nc = await runProcess("sh", ["-c", `nc -N 127.0.0.1 ${server.port} < ${dir}/in`]);
    assert.equal(nc.code, 0, nc.stderr);
    const result = await server.done();
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout, data);
    assert.doesNotMatch(result.stderr, /read #/, "no data lines on stderr either");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

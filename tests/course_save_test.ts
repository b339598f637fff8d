/**
 * serve --behavior save and connect --send-file: the course's file transfer
 * with the JSON header. Files arrive byte-identical; the course's Python
 * sender is accepted; every failure leaves nothing behind and says why; the
 * server's memory stays bounded while a 320 MiB file streams through it.
 */
import { createHash } from "node:crypto";
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { eventsOf, Framecat, runFramecat, serveSave } from "./helpers/cli.ts";
import { writeAll } from "../lib/transport/stream.ts";
import { canUnshare } from "./course_helpers.ts";
import { pythonJson } from "./helpers/process.ts";

const MiB = 1024 * 1024;

interface Reply {
  ok: boolean;
  file_name?: unknown;
  total_size?: number;
  md5?: string;
  md5_checked?: boolean;
  warning?: string;
  error?: string;
}

/** A temporary directory for one test: `sent/` for what is sent, `received/` for the server. */
async function workDir(): Promise<
  { root: string; sent: string; received: string } & AsyncDisposable
> {
  const root = await Deno.makeTempDir({ prefix: "framecat_save_" });
  await Deno.mkdir(`${root}/sent`);
  return {
    root,
    sent: `${root}/sent`,
    received: `${root}/received`,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** `connect` sending the file at `path` to `server`, as the course's sender does. */
async function sendFileArgs(server: Framecat, path: string, ...extra: string[]): Promise<string[]> {
  return [
    "connect",
    `127.0.0.1:${await server.port()}`,
    "--framing",
    "json",
    "--send-file",
    path,
    ...extra,
  ];
}

/** Writes `size` random bytes to `path` in pieces (crypto.getRandomValues gives 64 KiB at most). */
async function randomFile(path: string, size: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const piece = new Uint8Array(65536);
  for (let left = size; left > 0; left -= piece.length) {
    crypto.getRandomValues(piece);
    const part = piece.subarray(0, Math.min(left, piece.length));
    await writeAll(file, part);
  }
}

/** md5 of a file, read in pieces. */
async function md5File(path: string): Promise<string> {
  const hash = createHash("md5");
  using file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

/** Everything in `dir`, temporary files included, sorted. */
function listing(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

/** The course sender's spec for an in-memory-sized file on disk. */
const fileSpec = (path: string, extra: Record<string, unknown> = {}) => ({ path, ...extra });

Deno.test("save: a 50 MiB random file sent with connect --send-file arrives byte-identical", async () => {
  await using dir = await workDir();
  const path = `${dir.sent}/random.bin`;
  await randomFile(path, 50 * MiB);
  await using server = serveSave(dir.received);
  const run = await runFramecat(await sendFileArgs(server, path, "--output", "json"), {
    timeoutMs: 60_000,
  });
  strictEqual(run.code, 0, run.stderr);
  const done = eventsOf(run.events, "info", "sent_file").find((e) => e.acknowledged);
  strictEqual(done?.total_size, 50 * MiB);
  deepStrictEqual(listing(dir.received), ["random.bin"]);
  strictEqual(await md5File(`${dir.received}/random.bin`), await md5File(path));
  const reply = JSON.parse(eventsOf(run.events, "frame")[0].text as string) as Reply;
  deepStrictEqual(reply, {
    ok: true,
    file_name: "random.bin",
    total_size: 50 * MiB,
    md5: await md5File(path),
  });
});

Deno.test("save: the course's Python sender (struct.pack('i') header length) is accepted with --prefix u32le", async () => {
  await using dir = await workDir();
  const paths = [`${dir.sent}/one.txt`, `${dir.sent}/two.bin`];
  await Deno.writeTextFile(paths[0], "hello, course\n");
  await randomFile(paths[1], 3 * MiB + 7);
  // No --framing: save receives json frames unless told otherwise.
  await using server = serveSave(dir.received, ["--prefix", "u32le"]);
  const replies = await pythonJson<Reply[]>("course_file_sender.py", [
    String(await server.port()),
    JSON.stringify(paths.map((p) => fileSpec(p))),
  ]);
  deepStrictEqual(replies.map((r) => [r.ok, r.file_name]), [[true, "one.txt"], [true, "two.bin"]]);
  deepStrictEqual(listing(dir.received), ["one.txt", "two.bin"]);
  for (const p of paths) {
    const name = p.split("/").at(-1)!;
    strictEqual(await md5File(`${dir.received}/${name}`), await md5File(p), name);
  }
});

Deno.test("save: names breaking a rule of the README's list are refused with a JSON error, nothing written", async () => {
  await using dir = await workDir();
  const path = `${dir.sent}/body.txt`;
  await Deno.writeTextFile(path, "not to be saved\n");
  await using server = serveSave(dir.received, ["--prefix", "u32le"]);
  const bad = [
    "../x",
    "/etc/passwd",
    "a\\b",
    "a\u0000b",
    "",
    "..",
    "sub/dir.txt",
    "next\u0085line", // C1 control
    "x\u202egnp.exe", // bidi override: shows as "xexe.png"
    "zero\u200bwidth.txt",
    "trailing.",
    "trailing ",
    "CON",
    "nul.txt",
    "COM\u00b9", // COM¹
    "lpt9.log",
    "lone\ud800.txt",
    "x".repeat(256),
  ];
  // All on one connection, then a good file: each refused body is read and dropped.
  const replies = await pythonJson<Reply[]>("course_file_sender.py", [
    String(await server.port()),
    JSON.stringify([
      ...bad.map((name) => fileSpec(path, { name })),
      fileSpec(path, { name: "good.txt" }),
    ]),
  ]);
  strictEqual(replies.length, bad.length + 1);
  for (const [i, name] of bad.entries()) {
    strictEqual(replies[i].ok, false, JSON.stringify(name));
    strictEqual(replies[i].file_name, name);
    ok(/not a plain file name/.test(replies[i].error!), replies[i].error);
  }
  strictEqual(replies.at(-1)!.ok, true);
  deepStrictEqual(listing(dir.received), ["good.txt"]);
  deepStrictEqual(listing(dir.root), ["received", "sent"], "nothing written outside --dir");
  // The server says it saved the last file after it refused the others.
  await server.waitFor((evs) => eventsOf(evs, "info", "save").some((e) => e.save === "saved"));
  const refused = eventsOf(server.events, "error").filter((e) => e.save === "refused");
  strictEqual(refused.length, bad.length);
});

Deno.test("save: a wrong md5 leaves no file and says so", async () => {
  await using dir = await workDir();
  const path = `${dir.sent}/data.bin`;
  await randomFile(path, MiB);
  await using server = serveSave(dir.received, ["--prefix", "u32le"]);
  const [reply] = await pythonJson<Reply[]>("course_file_sender.py", [
    String(await server.port()),
    JSON.stringify([fileSpec(path, { md5: "0".repeat(32) })]),
  ]);
  strictEqual(reply.ok, false);
  ok(/md5 mismatch: the header says 0{32}, the body hashes to [0-9a-f]{32}/.test(reply.error!));
  ok(reply.error!.endsWith("nothing saved"), reply.error);
  deepStrictEqual(listing(dir.received), []);
});

Deno.test("save: the course's numeric md5 (not a digest) is saved unverified, and the sender is told md5 not checked", async () => {
  await using dir = await workDir();
  const path = `${dir.sent}/course.txt`;
  await Deno.writeTextFile(path, "the course's uploader, as it is written\n".repeat(100));
  await using server = serveSave(dir.received, ["--prefix", "i"]);
  const [reply] = await pythonJson<Reply[]>("course_file_sender.py", [
    String(await server.port()),
    JSON.stringify([fileSpec(path, { md5: 6567657678678 })]),
  ]);
  strictEqual(reply.ok, true, reply.error);
  strictEqual(reply.md5_checked, false);
  ok(/^md5 not checked: the header's md5 6567657678678 is not a 32-digit hex/.test(reply.warning!));
  strictEqual(reply.md5, await md5File(path));
  deepStrictEqual(listing(dir.received), ["course.txt"]);
  strictEqual(await md5File(`${dir.received}/course.txt`), await md5File(path));
  const saved = await server.waitFor(
    (evs) => eventsOf(evs, "info", "save").find((e) => e.save === "saved"),
    10_000,
    "the saved event",
  );
  strictEqual(saved.md5_checked, false);
  ok(saved.message.includes("; md5 not checked: "), saved.message);
});

Deno.test("save: the course's md5, int(hexdigest, 16), is said to be a number, not quoted as a rounded float", async () => {
  await using dir = await workDir();
  const path = `${dir.sent}/course.txt`;
  await Deno.writeTextFile(path, "hashlib.md5(data).hexdigest(), read as a number\n".repeat(50));
  await using server = serveSave(dir.received, ["--prefix", "i"]);
  // 39 digits, as json.dumps writes the int: JSON.stringify cannot make it, so it is spliced in.
  const md5 = BigInt(`0x${await md5File(path)}`).toString();
  const spec = JSON.stringify([fileSpec(path)]).replace(/}]$/, `,"md5":${md5}}]`);
  const [reply] = await pythonJson<Reply[]>("course_file_sender.py", [
    String(await server.port()),
    spec,
  ]);
  strictEqual(reply.ok, true, reply.error);
  strictEqual(reply.md5_checked, false);
  strictEqual(
    reply.warning,
    "md5 not checked: the header's md5 is a number, not a 32-digit hex digest",
  );
  const saved = await server.waitFor(
    (evs) => eventsOf(evs, "info", "save").find((e) => e.save === "saved"),
    10_000,
    "the saved event",
  );
  ok(
    saved.message.endsWith(
      "; md5 not checked: the header's md5 is a number, not a 32-digit hex digest",
    ),
    saved.message,
  );
  ok(!/e\+\d/.test(saved.message), saved.message);
});

for (const reset of [false, true]) {
  Deno.test(`save: a connection ${reset ? "reset" : "closed"} mid-body leaves no file`, async () => {
    await using dir = await workDir();
    const path = `${dir.sent}/cut.bin`;
    await randomFile(path, 4 * MiB);
    await using server = serveSave(dir.received, ["--prefix", "u32le"]);
    await pythonJson("course_file_sender.py", [
      String(await server.port()),
      JSON.stringify([fileSpec(path, { cut: 2 * MiB + 1, reset })]),
    ]);
    const failed = await server.waitFor(
      (evs) => eventsOf(evs, "error").find((e) => e.save === "failed"),
      10_000,
      "the failure",
    );
    strictEqual(failed.file_name, "cut.bin");
    ok(/after \d+ of 4194304 bytes/.test(failed.message), failed.message);
    deepStrictEqual(listing(dir.received), []);
  });
}

Deno.test("save: a file over --max-file is refused at its header; connect exits 1 saying why", async () => {
  await using dir = await workDir();
  const path = `${dir.sent}/big.bin`;
  await randomFile(path, 2048);
  await using server = serveSave(dir.received, ["--max-file", "1KiB"]);
  const run = await runFramecat(await sendFileArgs(server, path));
  strictEqual(run.code, 1);
  const lines = run.stderr.split("\n").filter((l) => l.startsWith("framecat:"));
  deepStrictEqual(lines, [
    'framecat: The server refused "big.bin": total_size 2048 exceeds --max-file (1024 bytes)',
  ]);
  deepStrictEqual(listing(dir.received), []);
});

Deno.test("save: an existing file is kept unless --overwrite", async () => {
  await using dir = await workDir();
  const path = `${dir.sent}/same.txt`;
  await Deno.mkdir(dir.received);
  await Deno.writeTextFile(`${dir.received}/same.txt`, "old\n");
  await Deno.writeTextFile(path, "new\n");
  const send = async (server: Framecat) => await runFramecat(await sendFileArgs(server, path));
  {
    await using server = serveSave(dir.received);
    const run = await send(server);
    strictEqual(run.code, 1);
    ok(run.stderr.includes("already exists"), run.stderr);
    strictEqual(await Deno.readTextFile(`${dir.received}/same.txt`), "old\n");
  }
  {
    await using server = serveSave(dir.received, ["--overwrite"]);
    strictEqual((await send(server)).code, 0);
    strictEqual(await Deno.readTextFile(`${dir.received}/same.txt`), "new\n");
  }
  deepStrictEqual(listing(dir.received), ["same.txt"]);
});

Deno.test({
  name: "save: a full disk leaves no partial file (the space is free again for the next file)",
  ignore: !canUnshare("-m"),
  async fn() {
    await using dir = await workDir();
    await Deno.mkdir(dir.received);
    const small = `${dir.sent}/small.bin`;
    await randomFile(small, 900 * 1024);
    // A 1 MiB file system of the server's own, in a private mount namespace.
    const mount = `mount -t tmpfs -o size=1m tmpfs ${dir.received} && exec "$0" "$@"`;
    await using server = serveSave(dir.received, ["--prefix", "u32le"], {
      wrap: ["unshare", "-m", "sh", "-c", mount],
    });
    const port = await server.port();
    const [full, next] = await pythonJson<Reply[]>("course_file_sender.py", [
      String(port),
      JSON.stringify([{ generate: 2 * MiB, name: "big.bin" }, fileSpec(small)]),
    ]);
    strictEqual(full.ok, false);
    ok(/cannot write it: .*: nothing saved$/.test(full.error!), full.error);
    // 900 KiB fit only if the partial 1 MiB of big.bin was removed.
    deepStrictEqual([next.ok, next.file_name], [true, "small.bin"]);
  },
});

/** Peak resident memory of a process so far (VmHWM), in bytes; undefined once it is gone. */
function peakMemory(pid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) * 1024;
  } catch {
    return undefined;
  }
}

Deno.test({
  name:
    "save: memory stays bounded while a 320 MiB file streams from connect to the server (more than the bound: buffered whole, it could not fit)",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const HUGE = 320 * MiB;
    await using dir = await workDir();
    // Sparse: 320 MiB to read on the sending side without them on disk. The server writes it all.
    const path = `${dir.sent}/huge.bin`;
    await Deno.writeFile(path, new Uint8Array(0));
    await Deno.truncate(path, HUGE);
    // Processes of their own: the memory measured is each one's alone.
    await using server = serveSave(dir.received, [], { process: true });
    await using client = new Framecat(await sendFileArgs(server, path, "--output", "json"), {
      process: true,
    });
    let clientPeak = 0;
    const sampling = setInterval(() => {
      clientPeak = Math.max(clientPeak, peakMemory(client.pid) ?? 0);
    }, 100);
    try {
      strictEqual((await client.exited(120_000)).code, 0, client.stderr);
    } finally {
      clearInterval(sampling);
    }
    const saved = await server.waitFor(
      (evs) => eventsOf(evs, "info", "save").find((e) => e.save === "saved"),
      10_000,
      "the saved event",
    );
    strictEqual(saved.total_size, HUGE);
    const serverPeak = peakMemory(server.pid)!;
    ok(serverPeak < 200 * MiB, `the server peaked at ${Math.round(serverPeak / MiB)} MiB`);
    ok(clientPeak < 200 * MiB, `the client peaked at ${Math.round(clientPeak / MiB)} MiB`);
    strictEqual((await Deno.stat(`${dir.received}/huge.bin`)).size, HUGE);
  },
});

/**
 * serve --behavior save killed mid-file (SIGKILL: nothing of it runs) leaves
 * its temporary `.framecat-….part` in --dir; the next server started on the
 * directory removes it, and only it: a live server's file in progress is
 * kept, and its upload completes. The servers are the installed `framecat`,
 * as users run it; the uploads come from python3, stopped mid-way.
 */
import assert from "node:assert/strict";
import { eventsOf, type JsonEvent, parseNdjson } from "./helpers/cli.ts";
import { PYTHON } from "./helpers/process.ts";

/** How long any one wait may take. */
const WAIT_MS = 15_000;

/** A temporary file of the save behaviour. */
const PART = /^\.framecat-[0-9a-f-]{36}\.part$/;

/** The temporary files in `dir`, by name. */
function parts(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((name) => PART.test(name)).sort();
}

/** Polls `check` every 20 ms until it gives a value, for WAIT_MS at most. */
async function until<T>(what: string, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The installed `framecat serve --behavior save --dir DIR --output json`, its events read as they come. */
class SaveServer implements AsyncDisposable {
  readonly events: JsonEvent[] = [];
  readonly #child: Deno.ChildProcess;
  readonly #read: Promise<void>;

  constructor(dir: string) {
    const child = this.#child = new Deno.Command("framecat", {
      args: [
        ...["serve", "127.0.0.1:0", "--behavior", "save", "--dir", dir],
        ...["--prefix", "i", "--output", "json"],
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      env: { NO_COLOR: "1", LC_ALL: "C.UTF-8" },
    }).spawn();
    this.#read = (async () => {
      let rest = "";
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop()!;
        this.events.push(...parseNdjson(lines.join("\n")));
      }
    })();
  }

  port(): Promise<number> {
    return until("listening", () => eventsOf(this.events, "listening")[0]?.port);
  }

  /** kill -9: the server gets no chance to clean up. */
  async killHard(): Promise<Deno.CommandStatus> {
    this.#child.kill("SIGKILL");
    return await this.#child.status;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#child.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#child.status;
    await this.#read;
  }
}

/**
 * The course's upload (`struct.pack('i')` header length, JSON header, body) of `total` bytes,
 * stopped after `first`: it says `sent` and waits. A line `finish` on stdin sends the rest
 * and prints the server's reply; the end of stdin leaves it unfinished.
 */
const UPLOADER_PY = `import hashlib, json, socket, struct, sys
sys.path.insert(0, ${JSON.stringify(new URL("./fixtures/", import.meta.url).pathname)})
from course_io import recv_exactly
port, name, total, first = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
body = (bytes(range(256)) * (total // 256 + 1))[:total]
header = json.dumps({"file_name": name, "total_size": total,
                     "md5": hashlib.md5(body).hexdigest()}).encode()
s = socket.create_connection(("127.0.0.1", port), timeout=30)
s.sendall(struct.pack("<i", len(header)) + header + body[:first])
print("sent", flush=True)
if sys.stdin.readline().strip() != "finish":
    sys.exit(0)
s.sendall(body[first:])
reply_header = json.loads(recv_exactly(s, struct.unpack("<i", recv_exactly(s, 4))[0]))
print(recv_exactly(s, reply_header["total_size"]).decode(), flush=True)
`;

class Upload implements AsyncDisposable {
  readonly #child: Deno.ChildProcess;
  readonly #lines: ReadableStreamDefaultReader<string>;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;

  constructor(port: number, name: string, total: number, first: number) {
    this.#child = new Deno.Command(PYTHON, {
      args: ["-c", UPLOADER_PY, `${port}`, name, `${total}`, `${first}`],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#lines = this.#child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    this.#stdin = this.#child.stdin.getWriter();
  }

  /** The next line it prints. */
  async #line(): Promise<string> {
    let text = "";
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), WAIT_MS);
    try {
      while (!text.includes("\n")) {
        const { value, done } = await this.#lines.read();
        if (done) throw new Error(`the uploader ended; it said ${JSON.stringify(text)}`);
        text += value;
      }
    } finally {
      clearTimeout(timer);
    }
    return text.trim();
  }

  async sent(): Promise<void> {
    assert.equal(await this.#line(), "sent");
  }

  /** Sends the rest: the server's reply. */
  async finish(): Promise<{ ok: boolean; file_name?: string; total_size?: number }> {
    await this.#stdin.write(new TextEncoder().encode("finish\n"));
    return JSON.parse(await this.#line());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#stdin.close().catch(() => {});
    try {
      this.#child.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#child.status;
    await this.#lines.cancel().catch(() => {});
  }
}

Deno.test("save: a server killed mid-file leaves its .part; the next server removes it, not a live server's", async () => {
  const dir = await Deno.makeTempDir({ prefix: "framecat_leftovers_" });
  try {
    const total = 200_000;
    const first = 50_000;
    const size = (name: string) => Deno.statSync(`${dir}/${name}`).size;

    // Server A takes part of a file, then is killed with SIGKILL.
    await using a = new SaveServer(dir);
    await using uploadA = new Upload(await a.port(), "a.bin", total, first);
    await uploadA.sent();
    const partA = await until("A's .part", () => parts(dir).find((p) => size(p) >= first));

    // Server B, started while A lives, leaves A's file alone; it takes part of a file too.
    await using b = new SaveServer(dir);
    await using uploadB = new Upload(await b.port(), "b.bin", total, first);
    assert.deepEqual(parts(dir), [partA], "a starting server removed a live server's .part");
    await uploadB.sent();
    const partB = await until(
      "B's .part",
      () => parts(dir).find((p) => p !== partA && size(p) >= first),
    );

    const killed = await a.killHard();
    assert.equal(killed.signal, "SIGKILL");
    assert.deepEqual(parts(dir), [partA, partB].sort(), "both files in progress are there");

    // Server C starts on the directory: A's leftover goes, B's file in progress stays.
    await using c = new SaveServer(dir);
    await c.port();
    assert.deepEqual(parts(dir), [partB], "only the dead server's .part is removed");
    const note = c.events.find((e) => e.event === "info" && e.said?.key === "save.leftovers");
    assert.ok(note && "message" in note, `no note of the removal in ${JSON.stringify(c.events)}`);
    assert.match(String(note.message), /^removed 1 temporary file from .*kill -9/);

    // B's upload completes: its file is whole, and no temporary file is left.
    const reply = await uploadB.finish();
    assert.deepEqual(
      { ok: reply.ok, file_name: reply.file_name, total_size: reply.total_size },
      { ok: true, file_name: "b.bin", total_size: total },
    );
    assert.equal(size("b.bin"), total);
    assert.deepEqual(parts(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

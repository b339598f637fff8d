/**
 * Every frame says which reads it began and ended in (`first_read`, `read`),
 * end to end: a python client writes len frames in pieces and stuck together
 * to `serve --framing len`, each write only once the server has reported the
 * read of the one before, so every read is known by construction. The same
 * over a unix socket and TLS, from a Deno client.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { writeAll } from "./helpers/net.ts";
import { lenFrame, PyLenClient } from "./helpers/web.ts";
import { J, tempDir, tlsServe } from "./tls_helpers.ts";

const SERVE = ["serve", "127.0.0.1:0", "--framing", "len", "--behavior", "discard"];

/** One len frame in five pieces, two in one write, then one whole frame and half of the next. */
function writes(): Uint8Array[] {
  const split = lenFrame("split over five reads");
  const cuts = [0, 2, 4, 9, 15, split.length];
  const pieces = cuts.slice(1).map((end, i) => split.subarray(cuts[i], end));
  const tail = lenFrame("begun in a leftover");
  return [
    ...pieces,
    new Uint8Array([...lenFrame("stuck"), ...lenFrame("together")]),
    new Uint8Array([...lenFrame("whole"), ...tail.subarray(0, 8)]),
    tail.subarray(8),
  ];
}

/** `[text, first_read, read]` of each frame {@linkcode writes} makes, one read per write. */
const EXPECTED = [
  ["split over five reads", 1, 5],
  ["stuck", 6, 6],
  ["together", 6, 6],
  ["whole", 7, 7],
  ["begun in a leftover", 7, 8],
];

/**
 * Makes each write of {@linkcode writes} with `send`, waiting after each until
 * the server has shown as many reads (`readsShown` counts them in what it printed).
 */
async function writePaced(
  server: Framecat,
  send: (bytes: Uint8Array) => Promise<unknown>,
  readsShown = () => server.of("read").length,
) {
  for (const [i, bytes] of writes().entries()) {
    await send(bytes);
    await server.waitFor(() => readsShown() >= i + 1, 15_000, `read #${i + 1}`);
  }
}

/** The python len client's writes, paced. */
async function writeFromPython(server: Framecat, port: number, readsShown?: () => number) {
  await using py = new PyLenClient(port);
  await py.connected();
  await writePaced(server, (bytes) => py.send(bytes), readsShown);
}

/** `[text, first_read, read]` of the server's frame events, once all came. */
async function framesSeen(server: Framecat) {
  const frames = await server.waitFor(
    (evs) => {
      const found = eventsOf(evs, "frame");
      return found.length === EXPECTED.length && found;
    },
    15_000,
    `${EXPECTED.length} frames`,
  );
  assert.equal(server.of("read").length, 8, "one read per write");
  return frames.map((f) => [f.text, f.first_read, f.read]);
}

Deno.test("frame events: first_read and read are exact for split, stuck and leftover-begun frames", async () => {
  const { framecat: server, port } = await Framecat.serving(...SERVE.slice(2));
  await using _ = server;
  await writeFromPython(server, port);
  assert.deepEqual(await framesSeen(server), EXPECTED);
});

Deno.test("frame events: the same first_read and read over a unix socket and over TLS", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/span.sock`;
  {
    await using server = new Framecat(["serve", `unix:${path}`, ...SERVE.slice(2), ...J]);
    await server.waitFor((evs) => evs.some((e) => e.event === "listening"));
    using conn = await Deno.connect({ transport: "unix", path });
    await writePaced(server, (bytes) => writeAll(conn, bytes));
    assert.deepEqual(await framesSeen(server), EXPECTED, "unix");
  }
  const ca = `${dir.path}/ca.pem`;
  const { framecat: server, port } = await tlsServe(ca, ...SERVE.slice(2));
  await using _ = server;
  const caCerts = [await Deno.readTextFile(ca)];
  using conn = await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts });
  await writePaced(server, (bytes) => writeAll(conn, bytes));
  assert.deepEqual(await framesSeen(server), EXPECTED, "TLS");
});

Deno.test("frame events in text: a split frame says 'split across reads', a whole one which read completed it", async () => {
  await using server = new Framecat([...SERVE, "--output", "text"], { keepStdout: true });
  const listening = await server.waitFor(() => /127\.0\.0\.1:(\d+)/.exec(server.stderr) ?? false);
  const readsShown = () => server.stdout.match(/ read #\d+ /g)?.length ?? 0;
  await writeFromPython(server, Number(listening[1]), readsShown);
  const lines = await server.waitFor(
    () => {
      const found = server.stdout.split("\n").filter((line) => / frame #\d+ /.test(line));
      return found.length === 5 && found;
    },
    15_000,
    "5 frame lines",
  );
  const endings = lines.map((line) => line.replace(/^.* frame #\d+ \d+ B "[^"]*" /, ""));
  assert.deepEqual(endings, [
    "(split across reads #1–#5)",
    "(completed by read #6)",
    "(completed by read #6)",
    "(completed by read #7)",
    "(split across reads #7–#8)",
  ]);
});

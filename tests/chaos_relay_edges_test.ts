/**
 * The relay's last edges: a stop while a target connect hangs (its backlog is
 * full), a target that resets mid-stream, a client that half-closes before the
 * target answers. Each in every mode the relay has.
 */
import assert from "node:assert/strict";
import { Framecat } from "./helpers/cli.ts";
import { fixture, PYTHON, pythonJson, startProcess } from "./helpers/process.ts";
import { J } from "./chaos_helpers.ts";

/** The relay's modes: Deno's streams, node:net's (--reset-after), and a TLS target. */
const MODES: Array<[string, string, string[]]> = [
  ["Deno", "tcp", []],
  ["node:net", "tcp", ["--reset-after", "1GiB"]],
  ["TLS target", "tls", ["--insecure"]],
];

for (const [mode, scheme, extra] of MODES) {
  Deno.test(`relay (${mode}) stopped while a target connect hangs says its stats at once`, async () => {
    await using target = await startProcess(PYTHON, fixture("full_backlog.py"));
    const { framecat: relay, port } = await Framecat.listening(
      ["relay", "127.0.0.1:0", `${scheme}://127.0.0.1:${target.firstLine}`, ...extra, ...J],
      { process: true }, // stopped by a signal
    );
    await using _ = relay;
    using _client = await Deno.connect({ hostname: "127.0.0.1", port });
    // The relay took the client and is connecting to the target: the kernel shows its SYN sent.
    await relay.waitFor(() => synSentTo(Number(target.firstLine)), 10_000, "the target connect");
    const status = await relay.stop("SIGTERM");
    assert.equal(status.code, 0, relay.stderr);
    assert.ok(relay.of("stats").length === 1, `no stats: ${relay.stderr}`);
    assert.ok(!relay.of("error").some((e) => /abort/i.test(String(e.message))));
  });
}

/** True while a connect to 127.0.0.1:`port` waits for its SYN to be answered (ss). */
function synSentTo(port: number): boolean {
  const ss = new Deno.Command("ss", {
    args: ["-Htn", "state", "syn-sent", `( dport = :${port} )`],
  });
  return new TextDecoder().decode(ss.outputSync().stdout).trim() !== "";
}

/** The node:net backend: --reset-after past any traffic here. */
const NODE = ["--reset-after", "1GiB"];

/** A relay on loopback to a relay_edges_peer.py target started in `role`. */
async function relayTo(role: string, extra: string[]) {
  const target = await startProcess(PYTHON, fixture("relay_edges_peer.py", [role]));
  const { framecat: relay, port } = await Framecat.listening(
    ["relay", "127.0.0.1:0", `127.0.0.1:${target.firstLine}`, ...extra, ...J],
  );
  return {
    port,
    relay,
    async [Symbol.asyncDispose]() {
      await relay.stop();
      await target[Symbol.asyncDispose]();
    },
  };
}

Deno.test("relay (node:net) passes a target's reset to the client as a reset, not an end of file", async () => {
  await using link = await relayTo("target-reset", NODE);
  const seen = await pythonJson<{ bytes: number; end: string }>("relay_edges_peer.py", [
    "client-reset",
    `${link.port}`,
  ]);
  assert.equal(seen.end, "reset", `the client read ${seen.bytes} B, then a clean end of file`);
  const closed = await link.relay.waitFor((evs) => evs.find((e) => e.event === "closed"));
  assert.deepEqual([closed.reason, closed.side], ["reset", "target"]);
});

for (const faults of [[], ["--slice", "1-3"], ["--coalesce", "20"]]) {
  Deno.test(`relay (node:net${faults.length ? `, ${faults[0]}` : ""}) keeps the target's answer after the client's half-close`, async () => {
    await using link = await relayTo("target-eof-reply", [...NODE, ...faults]);
    const answers = await pythonJson<string[]>("relay_edges_peer.py", [
      "client-half-close",
      `${link.port}`,
      "5",
    ]);
    assert.deepEqual(
      answers,
      Array.from({ length: 5 }, (_, i) => `got ${`message ${i}`.length} bytes`),
    );
    assert.doesNotMatch(link.relay.stderr, /after a stream was destroyed/);
  });
}

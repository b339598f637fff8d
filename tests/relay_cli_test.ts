/**
 * The relay's command line: fault settings that cannot work are refused
 * with the reason (exit 2), and a run without --seed says which seed it used.
 */
import assert from "node:assert/strict";
import { eventsOf, runFramecat } from "./helpers/cli.ts";
import { startRelay, stopStats } from "./relay_helpers.ts";

const TCP = ["127.0.0.1:0", "127.0.0.1:9"];
const UDP = ["udp://127.0.0.1:0", "udp://127.0.0.1:9"];

const REFUSED: Array<[string[], RegExp]> = [
  [[...TCP, "--slice", "0"], /--slice.*values must be from 1/],
  [[...TCP, "--slice", "5-2"], /MIN 5 is larger than MAX 2/],
  [[...TCP, "--slice", "a-b"], /use MIN-MAX or N/],
  [[...UDP, "--loss", "150"], /percentage "150": it must be from 0 to 100/],
  [[...UDP, "--dup", "-1"], /--dup/],
  [[...UDP, "--coalesce", "50"], /--coalesce is a TCP fault; this relay is UDP/],
  [[...UDP, "--slice", "1-3"], /--slice is a TCP fault/],
  [[...TCP, "--loss", "10"], /--loss is a UDP fault; this relay is TCP/],
  [[...TCP, "--truncate", "10"], /--truncate is a UDP fault/],
  [[...TCP, "--coalesce", "0"], /--coalesce: Cannot use the duration "0": it must be more than 0/],
  [[...TCP, "--rate", "0"], /--rate/],
  [[...TCP, "--delay", "10:20"], /jitter 20 ms is larger than the delay 10 ms/],
  [[...TCP, "--close-after", "5", "--stall-after", "9"], /give only one/],
  [["unix:/tmp/framecat-relay-test.sock", "127.0.0.1:9", "--reset-after", "1"], /no reset/],
  [
    [...UDP, "--idle-timeout", "0"],
    /--idle-timeout: Cannot use the duration "0": it must be more than 0/,
  ],
  [["udp://127.0.0.1:0", "127.0.0.1:9"], /both be UDP or both be streams/],
  [[...TCP, "--direction", "sideways"], /both, up, down/],
  [[...TCP, "--seed", "x"], /--seed/],
];

for (const [args, reason] of REFUSED) {
  Deno.test(`relay ${args.slice(2).join(" ") || args.join(" ")}: exit 2 with the reason`, async () => {
    const run = await runFramecat(["relay", ...args]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, reason);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
  });
}

Deno.test("without --seed the relay prints the seed it drew, so the run can be repeated", async () => {
  const { relay } = await startRelay("127.0.0.1:9", ["--slice", "1-3"]);
  await using _relay = relay;
  const info = await relay.waitFor((evs) => eventsOf(evs, "info", "seed")[0]);
  const seed = info.seed;
  assert.equal(info.message, `seed ${seed} (repeat with --seed ${seed})`);
  assert.equal(relay.of("listening")[0].seed, seed);
  assert.equal((await stopStats(relay)).seed, seed);
});

Deno.test("a relay that cannot listen says why in one line (exit 1)", async () => {
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const run = await runFramecat(["relay", `127.0.0.1:${taken.addr.port}`, "127.0.0.1:9"]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^framecat: Cannot listen on tcp:\/\/127\.0\.0\.1:\d+: [^;]+; another program/,
  );
});

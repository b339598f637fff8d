/**
 * Every demo shows its effect on every run: 10 runs in a row, in-process,
 * each checked on its events (tests/demo_checks.ts). The demos are
 * deterministic by construction (a receiver that delays its reads, a seeded
 * relay); the runs guard that, and tests/demo_stuck_test.ts what a hang does.
 */
import assert from "node:assert/strict";
import { DEMOS } from "../lib/demo/catalog.ts";
import { CHECKS, demoEvents, relayDrops } from "./demo_checks.ts";

const RUNS = 10;

for (const demo of DEMOS) {
  Deno.test(`demo ${demo.name} shows its effect ${RUNS} times in a row`, async () => {
    const relayed = new Set<unknown>();
    for (let run = 1; run <= RUNS; run++) {
      const events = await demoEvents(demo);
      if (demo.name === "udp-loss") relayed.add(relayDrops(events));
      try {
        CHECKS[demo.name](events);
      } catch (err) {
        throw new Error(`run ${run} of ${demo.name}: ${(err as Error).message}`, { cause: err });
      }
    }
    if (demo.name === "udp-loss") assert.equal(relayed.size, 1, "the seed drops the same ones");
  });
}

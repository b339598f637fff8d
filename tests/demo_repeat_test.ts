/**
 * Every demo shows its effect on every run: 20 runs in a row, in-process,
 * each checked on its events (tests/demo_checks.ts).
 */
import assert from "node:assert/strict";
import { DEMOS } from "../lib/demo/catalog.ts";
import { CHECKS, demoEvents, relayDrops } from "./demo_checks.ts";

const RUNS = 20;

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

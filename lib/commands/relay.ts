/**
 * framecat relay LISTEN TARGET: forwards TCP connections or UDP datagrams and
 * breaks them on purpose, repeatably (--seed). Runs until Ctrl-C, then
 * prints what it did as a `stats` event.
 */
import { createReporter } from "../display/reporter.ts";
import { RELAY_SENTENCES } from "../relay/text.ts";
import { EXIT } from "../errors.ts";
import type { RelayOptions } from "../options/types.ts";
import type { RunningRelay } from "../relay/faults.ts";
import { startTcpRelay } from "../relay/tcp_relay.ts";
import { startUdpRelay } from "../relay/udp_relay.ts";
import { onInterrupt } from "./interrupt.ts";
import type { Context } from "../core/context.ts";

export async function relay(options: RelayOptions, ctx: Context): Promise<number> {
  const emit = createReporter(ctx, { ...options, deferred: true, sentences: RELAY_SENTENCES });
  const running: RunningRelay = options.listen.transport === "udp"
    ? startUdpRelay(options, emit)
    : await startTcpRelay(options, emit);
  if (!options.seedGiven) {
    emit({
      event: "info",
      kind: "seed",
      message: `seed ${options.seed} (repeat with --seed ${options.seed})`,
      seed: options.seed,
    });
  }
  const { promise: interrupted, resolve } = Promise.withResolvers<void>();
  {
    using _ = onInterrupt(ctx, resolve);
    await interrupted;
  }
  emit(await running.stop());
  return EXIT.ok;
}

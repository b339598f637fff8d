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
import { startTcpRelay, type TcpRelayOptions } from "../relay/tcp_relay.ts";
import { startUdpRelay, type UdpRelayOptions } from "../relay/udp_relay.ts";
import type { DatagramFaultOptions } from "../relay/datagram_faults.ts";
import type { StreamFaultOptions } from "../relay/stream_faults.ts";
import { onInterrupt } from "./interrupt.ts";
import type { Context } from "../core/context.ts";
import { said, saying } from "../i18n/say.ts";

export async function relay(options: RelayOptions, ctx: Context): Promise<number> {
  const emit = createReporter(ctx, { ...options, deferred: true, sentences: RELAY_SENTENCES });
  const running: RunningRelay = isUdp(options)
    ? startUdpRelay(udpRelay(options), emit)
    : await startTcpRelay(tcpRelay(options), emit);
  if (!options.seedGiven) {
    emit({
      event: "info",
      kind: "seed",
      ...saying(said("note.seed", { seed: options.seed })),
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

/** Both ends UDP (checkRelay refuses one UDP end without the other). */
function isUdp(o: RelayOptions): o is RelayOptions & UdpRelayOptions {
  return o.listen.transport === "udp" && o.target.transport === "udp";
}

/** The command line's relay options in the UDP relay's own terms. */
function udpRelay(o: RelayOptions & UdpRelayOptions): UdpRelayOptions {
  const { direction, loss, dup, reorder, delay, truncate } = o;
  const faults: DatagramFaultOptions = { direction, loss, dup, reorder, delay, truncate };
  return {
    ...faults,
    listen: o.listen,
    target: o.target,
    seed: o.seed,
    idleTimeout: o.idleTimeout,
  };
}

/** The command line's relay options in the TCP relay's own terms. */
function tcpRelay(o: RelayOptions): TcpRelayOptions {
  const { direction, slice, coalesce, delay, rate, closeAfter, resetAfter, stallAfter } = o;
  const faults: StreamFaultOptions = {
    direction,
    slice,
    coalesce,
    delay,
    rate,
    closeAfter,
    resetAfter,
    stallAfter,
  };
  return { ...faults, listen: o.listen, target: o.target, seed: o.seed };
}

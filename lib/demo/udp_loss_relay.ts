/**
 * The last phase of udp-loss: loss on purpose. Numbered datagrams go through
 * framecat's own UDP relay (lib/relay, in-process) with --loss and a fixed
 * seed, to a receiver that reads all along. The relay's seeded choices drop
 * the same datagrams on every run. The whole burst fits in every socket
 * buffer on the way, so the relay is the only thing that loses anything.
 */
import type { FcEvent } from "../events/types.ts";
import type { NetEndpoint } from "../transport/endpoint.ts";
import { startUdpRelay, type UdpRelayOptions } from "../relay/udp_relay.ts";
import type { PhaseLog } from "./log.ts";
import { udpPair } from "./loopback.ts";
import {
  drain,
  reportReceived,
  sendSpan,
  signalEnd,
  SIZE,
  type Span,
  spanEvent,
} from "./numbered.ts";
import type { PhaseOf } from "./types.ts";

/** 50 × 1400 B: well under any default receive buffer. */
const COUNT = 50;
const LOSS = 20;
const SEED = 1;

/** `framecat relay udp://127.0.0.1:0 TARGET --loss 20 --seed 1`, in the relay's own terms. */
function relayOptions(target: Deno.NetAddr): UdpRelayOptions {
  const udp = (port: number): NetEndpoint => ({
    transport: "udp",
    host: "127.0.0.1",
    port,
    hostGiven: true,
  });
  return {
    listen: udp(0),
    target: udp(target.port),
    seed: SEED,
    direction: "both",
    loss: LOSS,
    dup: 0,
    reorder: 0,
    idleTimeout: 60_000,
  };
}

/**
 * Starts the relay in front of `target`; the log stops it when the phase
 * ends. Its drops are reported as they happen; `dropped` counts those of
 * numbered datagrams (end markers may be dropped too).
 */
function startRelay(log: PhaseLog, target: Deno.NetAddr) {
  let port = 0;
  const drops = { dropped: 0 };
  const relay = startUdpRelay(relayOptions(target), (ev: FcEvent) => {
    if (ev.event === "listening") port = ev.port as number;
    if (ev.event !== "fault") return;
    log.report(undefined, ev);
    if (ev.fault === "drop" && ev.bytes === SIZE) drops.dropped++;
  });
  let stopping: Promise<FcEvent> | undefined;
  const stop = () => stopping ??= relay.stop();
  log.own({ close: () => void stop() });
  if (port === 0) throw new Error("The relay did not say which port it listens on");
  return { to: { ...target, port }, stop, drops };
}

export const relayPhase: PhaseOf<"udp-loss"> = {
  id: "relay",
  async run(log) {
    const pair = udpPair(log);
    const relay = startRelay(log, pair.to);
    const span: Span = [0, COUNT - 1];
    // The receiver reads all along, while the sender sends, then signals the end.
    const drained = drain(pair.receiver);
    const sending = async () => {
      await sendSpan(pair.sender, relay.to, span);
      log.event("sender", spanEvent("sent", span));
      await signalEnd(pair.sender, relay.to, COUNT, drained);
    };
    const [seqs] = await Promise.all([drained, sending()]);
    await relay.stop();
    const count = reportReceived(log, COUNT, seqs);
    return { ...count, dropped: relay.drops.dropped, loss: LOSS, seed: SEED };
  },
};

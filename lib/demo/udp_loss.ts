/**
 * udp-loss: a burst of numbered datagrams into a receiver that is not
 * reading. Its socket buffer fills and the kernel drops the rest: loss on
 * every run, because the burst is several times what the buffer holds. The
 * receiver then reads what was kept, up to the end marker, and counts the
 * loss by sequence number. The fix: flow control, a window of datagrams at a
 * time, each window acknowledged before the next is sent. Last, loss on
 * purpose and repeatable, through the relay (udp_loss_relay.ts).
 */
import { receiveDatagram, sendDatagram } from "../transport/datagram.ts";
import type { PhaseLog } from "./log.ts";
import { bytes, text, type UdpPair, udpPair } from "./loopback.ts";
import {
  drain,
  reportReceived,
  sendSpan,
  seqOf,
  signalEnd,
  SIZE,
  type Span,
  spanEvent,
  spans,
  tally,
} from "./numbered.ts";
import type { DemoOf } from "./types.ts";
import { relayPhase } from "./udp_loss_relay.ts";

/** The burst when the buffer size is unknown: Linux keeps ~90 of them by default, macOS ~500. */
const BURST = 5000;
/** Bound on the burst, whatever the buffer. */
const MAX_BURST = 50_000;
/** Datagrams per window in the fix: 45 KB, under any default receive buffer. */
const WINDOW = 32;
/** Rounds of the fix drawn in the timeline: these first ones, and the last. */
const ROUNDS_SHOWN = 2;

/**
 * Datagrams in the burst: several times what the receive buffer can hold
 * (Linux says its default size; each datagram costs the buffer more than its bytes).
 */
function burstSize(): number {
  try {
    const rmem = Number(Deno.readTextFileSync("/proc/sys/net/core/rmem_default"));
    if (Number.isSafeInteger(rmem)) {
      return Math.min(MAX_BURST, Math.max(BURST, Math.ceil(3 * rmem / SIZE)));
    }
  } catch { /* not Linux, or no read permission: the default is plenty */ }
  return BURST;
}

/** The burst, then the reads of what the buffer kept. */
async function overflow(log: PhaseLog) {
  const pair = udpPair(log);
  const sent = burstSize();
  log.note("receiver", log.t("note.busy"));
  await sendSpan(pair.sender, pair.to, [0, sent - 1]);
  log.event("sender", spanEvent("sent", [0, sent - 1]));
  const drained = drain(pair.receiver);
  const [seqs] = await Promise.all([drained, signalEnd(pair.sender, pair.to, sent, drained)]);
  return { ...reportReceived(log, sent, seqs), size: SIZE };
}

/** The same traffic with flow control: each window is read and acknowledged before the next. */
async function windowed(log: PhaseLog) {
  const pair = udpPair(log);
  const rounds = Math.ceil(BURST / WINDOW);
  const seqs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const show = round < ROUNDS_SHOWN || round === rounds - 1;
    if (round === ROUNDS_SHOWN && !show) {
      log.note("sender", log.t("note.rounds", { count: rounds - ROUNDS_SHOWN - 1 }));
    }
    const span: Span = [round * WINDOW, Math.min(BURST, (round + 1) * WINDOW) - 1];
    await sendSpan(pair.sender, pair.to, span);
    log.event("sender", spanEvent("sent", span), { show });
    seqs.push(...await receiveWindow(log, pair, span, show));
  }
  const { lost_seqs: _, ...count } = tally(BURST, seqs);
  return { ...count, window: WINDOW, rounds };
}

/** The receiver reads one window, then acknowledges it; the sender reads the ack. */
async function receiveWindow(log: PhaseLog, pair: UdpPair, [first, last]: Span, show: boolean) {
  const seqs: number[] = [];
  let from: Deno.NetAddr | undefined;
  for (let n = first; n <= last; n++) {
    const d = await receiveDatagram(pair.receiver, SIZE);
    seqs.push(seqOf(d.data));
    from = d.addr;
  }
  for (const span of spans(seqs)) log.event("receiver", spanEvent("read", span), { show });
  const ack = bytes(`ack ${last + 1}`);
  log.sent("receiver", ack, ack, { show });
  await sendDatagram(pair.receiver, ack, from!);
  const reply = await receiveDatagram(pair.sender, SIZE);
  log.read("sender", reply.data, { fields: { truncated: false }, show });
  if (text(reply.data) !== text(ack)) throw new Error("The demo's sender got a wrong ack");
  return seqs;
}

export const udpLoss: DemoOf<"udp-loss"> = {
  name: "udp-loss",
  transport: "udp",
  phases: [
    { id: "problem", run: overflow },
    { id: "fix", run: windowed },
    relayPhase,
  ],
};

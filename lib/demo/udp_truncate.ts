/**
 * udp-truncate: a 1400-byte datagram read into 512 bytes keeps 512 and loses
 * the rest; the next read returns the next datagram. The fix reads with a
 * buffer that holds any datagram.
 */
import { receiveDatagram, sendDatagram } from "../transport/datagram.ts";
import type { PhaseLog } from "./log.ts";
import { bytes, text, udpPair } from "./loopback.ts";
import type { DemoOf } from "./types.ts";

const SIZE = 1400;
const SMALL_READ = 512;
/** Holds any UDP datagram (the largest is 65,507 bytes). */
const BIG_READ = 65536;

/** Bytes that say where they are: `[0100]----` marks offset 100. */
const BIG = bytes(
  Array.from({ length: SIZE / 10 }, (_, i) => `[${String(i * 10).padStart(4, "0")}]----`).join(""),
);
const NEXT = bytes("next");

/** Sends the big datagram and the small one, reads both with `readSize`; returns the first. */
async function sendAndRead(log: PhaseLog, readSize: number) {
  const { sender, receiver, to } = udpPair(log);
  for (const datagram of [BIG, NEXT]) {
    log.sent("sender", datagram);
    await sendDatagram(sender, datagram, to);
  }
  const reads = [];
  for (const _ of [BIG, NEXT]) {
    const d = await receiveDatagram(receiver, readSize);
    const lost = d.size - d.data.length;
    const cut = d.truncated ? { datagram_bytes: d.size, lost_bytes: lost } : {};
    log.read("receiver", d.data, { fields: { truncated: d.truncated, ...cut }, mark: d.truncated });
    if (d.truncated) log.note("receiver", log.t("note.cut", { lost }), true);
    reads.push(d);
  }
  if (reads[0].truncated) log.note("receiver", log.t("note.next"));
  return reads;
}

export const udpTruncate: DemoOf<"udp-truncate"> = {
  name: "udp-truncate",
  transport: "udp",
  phases: [
    {
      id: "problem",
      async run(log) {
        const [first, next] = await sendAndRead(log, SMALL_READ);
        const kept = first.data.length;
        return { size: first.size, kept, lost: first.size - kept, next: text(next.data) };
      },
    },
    {
      id: "fix",
      async run(log) {
        const [first] = await sendAndRead(log, BIG_READ);
        return { size: first.data.length };
      },
    },
  ],
};

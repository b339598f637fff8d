/**
 * udp-boundaries: the same four sends as datagrams and over TCP, read late
 * both times. UDP returns one datagram per read, the empty one included;
 * TCP returns the bytes of all of them in one read.
 */
import { receiveDatagram, sendDatagram } from "../transport/datagram.ts";
import { writeAll } from "../transport/stream.ts";
import { bytes, recv, settle, tcpPair, text, udpPair } from "./loopback.ts";
import type { DemoOf } from "./types.ts";

const MESSAGES = ["one", "two", "three", ""].map(bytes);
/** recv(65536): room for any datagram and for all the stream's bytes. */
const READ_SIZE = 65536;

export const udpBoundaries: DemoOf<"udp-boundaries"> = {
  name: "udp-boundaries",
  transport: "udp",
  phases: [
    {
      id: "udp",
      async run(log) {
        const { sender, receiver, to } = udpPair(log);
        log.note("receiver", log.t("note.busy"));
        for (const message of MESSAGES) {
          log.sent("sender", message);
          await sendDatagram(sender, message, to);
        }
        await settle();
        for (const _ of MESSAGES) {
          const datagram = await receiveDatagram(receiver, READ_SIZE);
          const empty = datagram.size === 0;
          log.read("receiver", datagram.data, { fields: { truncated: false }, mark: empty });
          if (empty) log.note("receiver", log.t("note.empty"), true);
        }
        return { datagrams: MESSAGES.length };
      },
    },
    {
      id: "tcp",
      async run(log) {
        const { sender, receiver } = await tcpPair(log);
        log.note("receiver", log.t("note.busy"));
        for (const message of MESSAGES) {
          log.sent("sender", message);
          if (message.length === 0) log.note("sender", log.t("note.nothing"));
          await writeAll(sender, message);
        }
        await settle();
        const chunk = await recv(receiver, READ_SIZE);
        log.read("receiver", chunk, { mark: true });
        return { bytes: chunk.length, joined: text(chunk) };
      },
    },
  ],
};

/**
 * multicast: one send to a group on loopback, three receivers that joined it,
 * and each gets its own copy; then the same three receivers as TCP servers,
 * which the sender must connect to and write to one by one.
 */
import { formatAddr, type NetEndpoint } from "../transport/endpoint.ts";
import type { GroupOptions } from "../transport/multicast.ts";
import { receiveDatagram, sendDatagram, udpTarget } from "../transport/datagram.ts";
import { bindUdpReceiver, bindUdpSender } from "../transport/multicast.ts";
import { writeAll } from "../transport/stream.ts";
import { bytes, recv, tcpPair } from "./loopback.ts";
import type { DemoOf } from "./types.ts";

const MESSAGE = bytes("hello, everyone");
const RECEIVERS = 3;
/** An administratively scoped group (239/8), joined on loopback only: it never leaves the machine. */
const GROUP = "239.255.14.1";
/** Every member on the loopback interface, so the demo needs no network and no route. */
const ON_LOOPBACK: GroupOptions = { iface: "127.0.0.1", ttl: 1, loop: true };
/** recv(65536): room for any datagram. */
const READ_SIZE = 65536;

export const multicast: DemoOf<"multicast"> = {
  name: "multicast",
  transport: "udp",
  phases: [
    {
      id: "group",
      async run(log) {
        // The first receiver takes a free port; the others share it, as members of a group do.
        const ep: NetEndpoint = { transport: "udp", host: GROUP, port: 0, hostGiven: true };
        const receivers: Deno.DatagramConn[] = [];
        for (let i = 0; i < RECEIVERS; i++) {
          const { sock } = await bindUdpReceiver(ep, ON_LOOPBACK);
          receivers.push(log.own(sock));
          ep.port = (sock.addr as Deno.NetAddr).port;
        }
        log.report("receiver", {
          event: "listening",
          address: `${GROUP}:${ep.port}`,
          port: ep.port,
          group: GROUP,
        });
        const sender = log.own((await bindUdpSender(ep, ON_LOOPBACK)).sock);
        log.sent("sender", MESSAGE, MESSAGE, { fields: { peer: `${GROUP}:${ep.port}` } });
        await sendDatagram(sender, MESSAGE, udpTarget(ep));
        for (const [i, receiver] of receivers.entries()) {
          const datagram = await receiveDatagram(receiver, READ_SIZE);
          const member = i + 1;
          log.read("receiver", datagram.data, {
            fields: { member, peer: datagram.peer, truncated: false },
            mark: true,
          });
          log.note("receiver", log.t("note.copy", { member }));
        }
        return { group: `${GROUP}:${ep.port}`, sends: 1, copies: RECEIVERS };
      },
    },
    {
      id: "tcp",
      async run(log) {
        const pairs = [];
        for (let i = 0; i < RECEIVERS; i++) pairs.push(await tcpPair(log));
        for (const [i, { sender }] of pairs.entries()) {
          log.sent("sender", MESSAGE, MESSAGE, { fields: { peer: formatAddr(sender.remoteAddr) } });
          log.note("sender", log.t("note.again", { member: i + 1 }));
          await writeAll(sender, MESSAGE);
        }
        for (const [i, { receiver }] of pairs.entries()) {
          const member = i + 1;
          log.read("receiver", await recv(receiver, READ_SIZE), { fields: { member } });
          log.note("receiver", log.t("note.own", { member }));
        }
        return { sends: RECEIVERS, copies: RECEIVERS };
      },
    },
  ],
};

/** udp-echo: a UDP echo server, each datagram back whole. */
import { DATAGRAM_WAYS } from "../ways.ts";
import { exactly } from "../expectations.ts";
import { Steps } from "../steps.ts";
import { type BuiltinCheck, HELLO, LARGE_TEXT, shape, WORLD } from "./types.ts";

/** A datagram of 1508 bytes: more than recvfrom(1024) keeps. */
const LARGE_DATAGRAM = LARGE_TEXT.slice(0, 116 * "hello 世界 ".length);

export const udpEcho: BuiltinCheck = {
  name: "udp-echo",
  summary: {
    en: "a UDP echo server: each datagram back whole",
    zh: "UDP 回显服务端：每个数据报原样完整发回",
  },
  prefixed: false,
  plan: (o) => ({
    name: "udp-echo",
    transport: "datagram",
    ways: DATAGRAM_WAYS,
    conversation(way) {
      const steps = new Steps(shape("datagram", "raw", "raw", o.prefix), o.within);
      for (const message of [way === "large" ? LARGE_DATAGRAM : HELLO, WORLD]) {
        steps.send(message).expect(exactly(message));
      }
      return steps.done();
    },
  }),
};

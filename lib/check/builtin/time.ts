/**
 * time: the course's UDP time server. A datagram holds a strftime pattern;
 * the reply is the server's time formatted by it.
 */
import { DATAGRAM_WAYS } from "../ways.ts";
import { matching } from "../expectations.ts";
import { Steps } from "../steps.ts";
import { type BuiltinCheck, shape } from "./types.ts";

/** A pattern of 1200 bytes: recvfrom(1024) keeps 128 of its 150 dates. */
const DATES = 150;

export const time: BuiltinCheck = {
  name: "time",
  summary: {
    en: "the course's UDP time server: a strftime pattern in, the time back",
    zh: "课程里的 UDP 时间服务端：发 strftime 格式，回当前时间",
  },
  prefixed: false,
  plan: (o) => ({
    name: "time",
    transport: "datagram",
    ways: DATAGRAM_WAYS,
    conversation(way) {
      const steps = new Steps(shape("datagram", "raw", "raw", o.prefix), o.within);
      if (way === "large") {
        return steps.send("%Y-%m-%d".repeat(DATES)).expect(
          matching(
            new RegExp(`^(\\d{4}-\\d{2}-\\d{2}){${DATES}}$`),
            `"YYYY-MM-DD" × ${DATES}`,
          ),
        ).done();
      }
      return steps
        .send("%Y-%m-%d %X").expect(
          matching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, '"YYYY-MM-DD HH:MM:SS"'),
        )
        .send("%H:%M").expect(matching(/^\d{2}:\d{2}$/, '"HH:MM"'))
        .done();
    },
  }),
};

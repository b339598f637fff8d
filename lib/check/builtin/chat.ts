/**
 * chat: the course's UDP group chat. Two members join with the `^hb^`
 * heartbeat; what one says, the other must hear (the server may add who
 * said it, as framecat's `[HOST:PORT] text` does).
 */
import { DATAGRAM_WAYS } from "../ways.ts";
import { hearing } from "../expectations.ts";
import { Steps } from "../steps.ts";
import { type BuiltinCheck, LARGE_TEXT, shape } from "./types.ts";

const A = 0;
const B = 1;
/** A message of 1508 bytes: more than recvfrom(1024) keeps. */
const LARGE_MESSAGE = LARGE_TEXT.slice(0, 116 * "hello 世界 ".length);

export const chat: BuiltinCheck = {
  name: "chat",
  summary: {
    en: "the course's UDP chat: two members join with ^hb^, each hears what the other says",
    zh: "课程里的 UDP 聊天室：两个成员用 ^hb^ 加入，互相能收到对方说的话",
  },
  prefixed: false,
  plan: (o) => ({
    name: "chat",
    transport: "datagram",
    ways: DATAGRAM_WAYS,
    conversation(way) {
      const steps = new Steps(shape("datagram", "raw", "raw", o.prefix), o.within);
      steps.send("^hb^", { client: A }).send("^hb^", { client: B });
      if (way === "large") {
        return steps.send(LARGE_MESSAGE, { client: A })
          .expect(hearing(LARGE_MESSAGE), { client: B }).done();
      }
      return steps
        .send("hello from a", { client: A }).expect(hearing("hello from a"), { client: B })
        .send("hi from b", { client: B }).expect(hearing("hi from b"), { client: A })
        .done();
    },
  }),
};

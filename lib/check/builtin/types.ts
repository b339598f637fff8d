/** What a built-in check is: a name, what it checks in both languages, and its plan. */
import type { Prefix } from "../../framing/types.ts";
import type { Lang } from "../../options/types.ts";
import type { CheckPlan, Conversation } from "../conversation.ts";

export interface BuildOptions {
  /** Length prefix of len and json framings (the course's struct.pack('i'): u32le). */
  prefix: Prefix;
  /** Each expectation's time limit, ms. */
  within: number;
}

export interface BuiltinCheck {
  name: string;
  /** What it checks, in a line, in each language (--help and the page list them). */
  summary: Readonly<Record<Lang, string>>;
  /** Whether --prefix means anything to it. */
  prefixed: boolean;
  plan(o: BuildOptions): CheckPlan;
}

/** Most a reply may be: far above any reply a check expects. */
export const CHECK_MAX_FRAME = 1024 * 1024;
/** Most a JSON header may be. */
export const CHECK_MAX_HEADER = 64 * 1024;

/** The conversation's framing and codec, its steps to come. */
export function shape(
  transport: Conversation["transport"],
  sendFraming: Conversation["sendFraming"],
  recvFraming: Conversation["recvFraming"],
  prefix: Prefix,
): Omit<Conversation, "steps"> {
  return {
    transport,
    sendFraming,
    recvFraming,
    codec: { prefix, maxFrame: CHECK_MAX_FRAME, maxHeader: CHECK_MAX_HEADER },
  };
}

/** The course's messages. */
export const HELLO = "hello";
export const WORLD = "world";

/**
 * A message larger than one recv(1024): 231 × "hello 世界 " (13 bytes), 3003
 * bytes in all, where byte 1024 falls inside 界, so a server that decodes
 * each recv() as text meets a character cut in two.
 */
export const LARGE_TEXT = "hello 世界 ".repeat(231);

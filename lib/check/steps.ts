/**
 * Writing a conversation: messages framed as the conversation frames them,
 * what must come back, pauses and closes, client by client.
 */
import { createEncoder } from "../framing/mod.ts";
import type { FrameEncoder, JsonHeader } from "../framing/types.ts";
import type { Conversation, Expectation, Step } from "./conversation.ts";

const encoder = new TextEncoder();

/** Builds the steps of a conversation; `within` is each expectation's time limit (ms). */
export class Steps {
  readonly steps: Step[] = [];
  readonly #encoder: FrameEncoder;

  constructor(readonly conversation: Omit<Conversation, "steps">, readonly within: number) {
    this.#encoder = createEncoder(conversation.sendFraming, conversation.codec);
  }

  /** A message, framed (a `json` header gets `header`'s fields, then total_size and md5). */
  send(message: Uint8Array | string, opts: { client?: number; header?: JsonHeader } = {}): this {
    const payload = typeof message === "string" ? encoder.encode(message) : message;
    return this.sendWire(payload, this.#encoder.encode(payload, opts.header), opts.client);
  }

  /** A message with the bytes that carry it made by the caller (a header that lies). */
  sendWire(payload: Uint8Array, wire: Uint8Array, client = 0): this {
    this.steps.push({ step: "send", client, payload, wire });
    return this;
  }

  expect(expect: Expectation, opts: { client?: number; within?: number } = {}): this {
    this.steps.push({
      step: "expect",
      client: opts.client ?? 0,
      expect,
      within: opts.within ?? this.within,
    });
    return this;
  }

  wait(ms: number): this {
    this.steps.push({ step: "wait", ms });
    return this;
  }

  close(client = 0): this {
    this.steps.push({ step: "close", client });
    return this;
  }

  /** The conversation, with these steps. */
  done(): Conversation {
    return { ...this.conversation, steps: this.steps };
  }
}

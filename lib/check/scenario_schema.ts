/**
 * The JSON Schema of a scenario file, as `framecat schema` prints it under
 * `$defs.scenario`: what scenario.ts reads, field by field (a test holds the
 * two to the same fields and to the same verdict on examples).
 */
import { FRAMINGS, PREFIXES } from "../framing/types.ts";
import { CHECK_WAYS } from "../events/choices.ts";
import { MAX_CLIENTS, MAX_MS, MAX_STEPS } from "./scenario.ts";

const ms = (description: string, minimum: number) =>
  ({ type: "integer", minimum, maximum: MAX_MS, description }) as const;
const client = {
  type: "integer",
  minimum: 0,
  maximum: MAX_CLIENTS - 1,
  description: "Which client (its own connection or socket), from 0; default 0",
} as const;

const repeat = {
  type: "integer",
  minimum: 1,
  description: "Send it this many times over, as one message (a large message)",
} as const;

const send = (field: string, description: string, more: object = {}) => ({
  type: "object",
  properties: { [field]: { type: "string", description }, client, repeat, ...more },
  required: [field],
  additionalProperties: false,
});

const STEP = {
  oneOf: [
    send("send", "A message, as text (UTF-8)", {
      header: { type: "object", description: "json framing: fields added to the header" },
    }),
    send("send_hex", "A message in hex: 4142, 41 42, 0x41,0x42 or \\x41\\x42"),
    {
      type: "object",
      properties: {
        expect: {
          type: "string",
          description: "The reply: its whole text, or hex:HEX for its bytes",
        },
        client,
        within: ms("Time limit of this reply, ms (default: the scenario's timeout)", 1),
        skip: {
          type: "boolean",
          description: "Pass over replies that do not match (default false: the next must)",
        },
      },
      required: ["expect"],
      additionalProperties: false,
    },
    {
      type: "object",
      properties: { wait: ms("A pause, ms", 0) },
      required: ["wait"],
      additionalProperties: false,
    },
    {
      type: "object",
      properties: { close: { const: true, description: "End the client's connection" }, client },
      required: ["close"],
      additionalProperties: false,
    },
  ],
} as const;

const STEPS = (description: string) =>
  ({ type: "array", minItems: 1, maxItems: MAX_STEPS, items: STEP, description }) as const;

const framing = (description: string) => ({ enum: FRAMINGS, description }) as const;

export const SCENARIO_SCHEMA = {
  type: "object",
  description: "A framecat check scenario file (not an event): `framecat check FILE TARGET...`",
  properties: {
    name: { type: "string", description: "The check's name (default: the file's)" },
    transport: { enum: ["tcp", "udp"], description: "tcp (default) or udp" },
    framing: framing("How messages are framed, both ways (default raw)"),
    send_framing: framing("How requests are framed, if not framing"),
    recv_framing: framing("How replies are framed, if not framing"),
    prefix: {
      type: "string",
      description: `Length prefix of len and json: ${PREFIXES.join(", ")}, or a Python ` +
        "struct code (default i, the course's struct.pack('i'))",
    },
    timeout: ms("Time limit of each reply, ms (default: --timeout)", 1),
    ways: {
      type: "array",
      minItems: 1,
      items: { enum: CHECK_WAYS },
      description: "The ways to run (default: all that apply; large needs large)",
    },
    steps: STEPS("The conversation: send, send_hex, expect, wait, close"),
    large: STEPS("The large way's conversation: a send of more than 1024 bytes (use repeat)"),
  },
  required: ["steps"],
  additionalProperties: false,
} as const;

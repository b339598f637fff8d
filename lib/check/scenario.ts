/**
 * Scenario files: a teacher's own protocol as a check. A JSON object names
 * the transport, the framing and the steps (send, expect, wait, close),
 * and the ways to run them; scenario_schema.ts is its JSON Schema, printed
 * by `framecat schema`. Every field is checked while it is read: a bad file
 * is refused with one line naming the field and what it takes.
 */
import { UsageError } from "../errors.ts";
import { concatBytes } from "../bytes.ts";
import { COURSE_PREFIX_CODE, FRAMINGS, type JsonHeader, type Prefix } from "../framing/types.ts";
import { parsePrefix } from "../framing/prefix.ts";
import { parseHex } from "../notation/hex.ts";
import type { CheckPlan, Conversation } from "./conversation.ts";
import { CHECK_MAX_FRAME, CHECK_MAX_HEADER } from "./builtin/types.ts";
import { pattern } from "./expectations.ts";
import { Steps } from "./steps.ts";
import { COURSE_RECV, DATAGRAM_WAYS, type Way, WAYS } from "./ways.ts";

/** Largest scenario file read: steps of text are far smaller. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Steps in one conversation, at most. */
export const MAX_STEPS = 1000;
/** Clients one scenario may use (`client` from 0). */
export const MAX_CLIENTS = 8;
/** Longest time limit or pause, ms. */
export const MAX_MS = 60_000;

/** The fields a scenario may have (the schema's properties). */
export const SCENARIO_FIELDS = [
  "name",
  "transport",
  "framing",
  "send_framing",
  "recv_framing",
  "prefix",
  "timeout",
  "ways",
  "steps",
  "large",
] as const;
/** The fields a step may have, besides the one that says what it is. */
export const STEP_FIELDS = ["client", "repeat", "header", "within", "skip"] as const;
/** What a step is: one of these. */
export const STEP_KINDS = ["send", "send_hex", "expect", "wait", "close"] as const;

type Json = Record<string, unknown>;

/** The check a scenario file's text describes; `path` names it in messages. */
export function parseScenario(text: string, path: string, timeout: number): CheckPlan {
  const bad = (why: string) => new UsageError(`Cannot use the scenario ${path}: ${why}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw bad(`it is not JSON (${(err as Error).message})`);
  }
  try {
    return readScenario(doc, path, timeout);
  } catch (err) {
    if (err instanceof UsageError) throw bad(err.message);
    throw err;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function refuseUnknown(obj: Json, known: readonly string[], where: string): void {
  const other = Object.keys(obj).find((k) => !known.includes(k));
  if (other !== undefined) {
    throw new UsageError(`${where}has no field "${other}" (the fields are ${known.join(", ")})`);
  }
}

function choice<T extends string>(v: unknown, field: string, choices: readonly T[]): T {
  if (typeof v !== "string" || !choices.includes(v as T)) {
    throw new UsageError(`${field} is ${JSON.stringify(v)}: write one of ${choices.join(", ")}`);
  }
  return v as T;
}

function wholeNumber(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(
      `${field} is ${JSON.stringify(v)}: write a whole number from ${min} to ${max}`,
    );
  }
  return v;
}

function readScenario(doc: unknown, path: string, timeout: number): CheckPlan {
  if (!isObject(doc)) throw new UsageError("write a JSON object with steps");
  refuseUnknown(doc, SCENARIO_FIELDS, "it ");
  const name = doc.name === undefined ? baseName(path) : doc.name;
  if (typeof name !== "string" || name.trim() === "") {
    throw new UsageError(`name is ${JSON.stringify(doc.name)}: write the check's name as text`);
  }
  const transport = doc.transport === undefined
    ? "tcp"
    : choice(doc.transport, "transport", ["tcp", "udp"] as const);
  const framing = doc.framing === undefined ? "raw" : choice(doc.framing, "framing", FRAMINGS);
  const sendFraming = doc.send_framing === undefined
    ? framing
    : choice(doc.send_framing, "send_framing", FRAMINGS);
  const recvFraming = doc.recv_framing === undefined
    ? framing
    : choice(doc.recv_framing, "recv_framing", FRAMINGS);
  const prefix = readPrefix(doc.prefix);
  const within = doc.timeout === undefined
    ? timeout
    : wholeNumber(doc.timeout, "timeout", 1, MAX_MS);
  const datagram = transport === "udp";
  const ways = readWays(doc, datagram);
  const shape: Omit<Conversation, "steps"> = {
    transport: datagram ? "datagram" : "stream",
    sendFraming,
    recvFraming,
    codec: { prefix, maxFrame: CHECK_MAX_FRAME, maxHeader: CHECK_MAX_HEADER },
  };
  const steps = readSteps(doc.steps, "steps", shape, within);
  const large = doc.large === undefined ? undefined : readSteps(doc.large, "large", shape, within);
  if (ways.includes("large") && !large) {
    throw new UsageError(
      `ways has large: write its conversation in "large", with a send of more than ${COURSE_RECV} bytes`,
    );
  }
  if (large && !large.steps.some((s) => s.step === "send" && s.payload.length > COURSE_RECV)) {
    throw new UsageError(
      `large sends nothing longer than ${COURSE_RECV} bytes: use "repeat" to make one`,
    );
  }
  return {
    name,
    transport: shape.transport,
    ways,
    conversation: (way: Way) => way === "large" ? large!.done() : steps.done(),
  };
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\.json$/i, "");
}

function readPrefix(v: unknown): Prefix {
  if (v === undefined) return parsePrefix(COURSE_PREFIX_CODE);
  if (typeof v !== "string") {
    throw new UsageError(`prefix is ${JSON.stringify(v)}: write it as text, like "i"`);
  }
  try {
    return parsePrefix(v);
  } catch (err) {
    throw new UsageError(`prefix: ${(err as Error).message}`);
  }
}

function readWays(doc: Json, datagram: boolean): readonly Way[] {
  const possible = datagram ? DATAGRAM_WAYS : WAYS;
  if (doc.ways === undefined) {
    return possible.filter((w) => w !== "large" || doc.large !== undefined);
  }
  if (!Array.isArray(doc.ways) || doc.ways.length === 0) {
    throw new UsageError(
      `ways is ${JSON.stringify(doc.ways)}: write a list, like ["plain", "stuck"]`,
    );
  }
  const chosen = doc.ways.map((w, i) => choice(w, `ways[${i}]`, WAYS));
  if (datagram && chosen.includes("split")) {
    throw new UsageError(
      "ways has split, which cuts a TCP stream: a UDP datagram is never cut in pieces",
    );
  }
  // Run in the order of WAYS: plain first, so the others know whether it passed.
  return WAYS.filter((w) => chosen.includes(w));
}

function readSteps(
  v: unknown,
  field: string,
  shape: Omit<Conversation, "steps">,
  within: number,
): Steps {
  if (!Array.isArray(v) || v.length === 0) {
    throw new UsageError(`${field} is ${JSON.stringify(v) ?? "missing"}: write a list of steps`);
  }
  if (v.length > MAX_STEPS) throw new UsageError(`${field} has more than ${MAX_STEPS} steps`);
  const steps = new Steps(shape, within);
  v.forEach((step, i) => readStep(steps, step, `${field}[${i}]`));
  return steps;
}

function readStep(steps: Steps, step: unknown, where: string): void {
  if (!isObject(step)) throw new UsageError(`${where} is not an object, like {"send": "hello"}`);
  const kinds = STEP_KINDS.filter((k) => k in step);
  if (kinds.length !== 1) {
    throw new UsageError(`${where} must hold exactly one of ${STEP_KINDS.join(", ")}`);
  }
  const kind = kinds[0];
  const allowed: Record<typeof kind, readonly string[]> = {
    send: ["client", "repeat", "header"],
    send_hex: ["client", "repeat"],
    expect: ["client", "within", "skip"],
    wait: [],
    close: ["client"],
  };
  refuseUnknown(step, [kind, ...allowed[kind]], `${where} `);
  const client = step.client === undefined
    ? 0
    : wholeNumber(step.client, `${where}.client`, 0, MAX_CLIENTS - 1);
  switch (kind) {
    case "send":
    case "send_hex":
      return readSend(steps, step, kind, where, client);
    case "expect": {
      if (typeof step.expect !== "string") {
        throw new UsageError(`${where}.expect is ${JSON.stringify(step.expect)}: write a pattern`);
      }
      let expect;
      try {
        expect = pattern(step.expect);
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`${where}.expect: ${err.message}`);
        throw err;
      }
      const options = {
        client,
        ...(step.within === undefined
          ? {}
          : { within: wholeNumber(step.within, `${where}.within`, 1, MAX_MS) }),
      };
      if (step.skip !== undefined && typeof step.skip !== "boolean") {
        throw new UsageError(`${where}.skip is ${JSON.stringify(step.skip)}: write true or false`);
      }
      steps.expect({ ...expect, skip: step.skip === true }, options);
      return;
    }
    case "wait":
      steps.wait(wholeNumber(step.wait, `${where}.wait`, 0, MAX_MS));
      return;
    case "close":
      if (step.close !== true) throw new UsageError(`${where}.close must be true`);
      steps.close(client);
      return;
  }
}

function readSend(
  steps: Steps,
  step: Json,
  kind: "send" | "send_hex",
  where: string,
  client: number,
): void {
  const value = step[kind];
  if (typeof value !== "string") {
    throw new UsageError(`${where}.${kind} is ${JSON.stringify(value)}: write it as text`);
  }
  const once = kind === "send_hex" ? parseHex(value) : new TextEncoder().encode(value);
  const repeat = step.repeat === undefined
    ? 1
    : wholeNumber(step.repeat, `${where}.repeat`, 1, CHECK_MAX_FRAME);
  if (once.length * repeat > CHECK_MAX_FRAME) {
    throw new UsageError(`${where} sends more than ${CHECK_MAX_FRAME} bytes`);
  }
  const payload = concatBytes(Array.from({ length: repeat }, () => once));
  if (step.header !== undefined) {
    if (steps.conversation.sendFraming !== "json" || !isObject(step.header)) {
      throw new UsageError(`${where}.header takes a JSON object, and only with json framing`);
    }
  }
  try {
    steps.send(payload, { client, header: step.header as JsonHeader | undefined });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`${where}: ${err.message}`);
    throw err;
  }
}

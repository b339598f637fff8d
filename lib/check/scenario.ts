/**
 * Scenario files: a teacher's own protocol as a check. A JSON object names
 * the transport, the framing and the steps (send, expect, wait, close),
 * and the ways to run them; scenario_schema.ts is its JSON Schema, printed
 * by `framecat schema`. Every field is checked while it is read: a bad file
 * is refused with one line naming the field and what it takes.
 */
import { saidOf, UsageError } from "../errors.ts";
import { concatBytes } from "../bytes.ts";
import {
  COURSE_PREFIX_CODE,
  type Framing,
  FRAMINGS,
  type JsonHeader,
  type Prefix,
} from "../framing/types.ts";
import { parsePrefix } from "../framing/prefix.ts";
import { parseHex } from "../notation/hex.ts";
import type { CheckPlan, Conversation } from "./conversation.ts";
import { CHECK_MAX_FRAME, CHECK_MAX_HEADER } from "./builtin/types.ts";
import { pattern } from "./expectations.ts";
import { Steps } from "./steps.ts";
import { COURSE_RECV, DATAGRAM_WAYS, type Way, WAYS } from "./ways.ts";
import { listed, type Said, said } from "../i18n/say.ts";

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
  const bad = (why: Said) => new UsageError(said("scenario.cannot", { path, why }));
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw bad(said("scenario.not_json", { error: (err as Error).message }));
  }
  try {
    return readScenario(doc, path, timeout);
  } catch (err) {
    if (err instanceof UsageError) throw bad(err.said);
    throw err;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function refuseUnknown(obj: Json, known: readonly string[], where: Said | string): void {
  const other = Object.keys(obj).find((k) => !known.includes(k));
  if (other !== undefined) {
    throw new UsageError(said("scenario.no_field", { where, other, fields: listed(known) }));
  }
}

function choice<T extends string>(v: unknown, field: string, choices: readonly T[]): T {
  if (typeof v !== "string" || !choices.includes(v as T)) {
    const value = JSON.stringify(v) ?? "missing";
    throw new UsageError(said("scenario.choice", { field, value, choices: listed(choices) }));
  }
  return v as T;
}

function wholeNumber(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    const value = JSON.stringify(v) ?? "missing";
    throw new UsageError(said("scenario.whole", { field, value, min, max }));
  }
  return v;
}

function readScenario(doc: unknown, path: string, timeout: number): CheckPlan {
  if (!isObject(doc)) throw new UsageError(said("scenario.object"));
  refuseUnknown(doc, SCENARIO_FIELDS, said("scenario.it"));
  const name = doc.name === undefined ? baseName(path) : doc.name;
  if (typeof name !== "string" || name.trim() === "") {
    throw new UsageError(said("scenario.name", { value: JSON.stringify(doc.name) ?? "missing" }));
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
    throw new UsageError(said("scenario.large_missing", { n: COURSE_RECV }));
  }
  if (large && !large.steps.some((s) => s.step === "send" && s.payload.length > COURSE_RECV)) {
    throw new UsageError(said("scenario.large_short", { n: COURSE_RECV }));
  }
  // Over UDP a datagram is a message: what it holds is no question of framing to recall.
  const frames = (framing: Framing) => said(`check_frames.${framing}`, { prefix });
  const protocol = datagram ? undefined : said("check_protocol.scenario", {
    send: frames(sendFraming),
    recv: frames(recvFraming),
  });
  return {
    name,
    transport: shape.transport,
    ways,
    conversation: (way: Way) => way === "large" ? large!.done() : steps.done(),
    ...(protocol ? { protocol } : {}),
  };
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\.json$/i, "");
}

function readPrefix(v: unknown): Prefix {
  if (v === undefined) return parsePrefix(COURSE_PREFIX_CODE);
  if (typeof v !== "string") {
    throw new UsageError(said("scenario.prefix_text", { value: JSON.stringify(v) ?? "missing" }));
  }
  try {
    return parsePrefix(v);
  } catch (err) {
    throw new UsageError(said("scenario.at", { where: "prefix", error: saidOf(err) }));
  }
}

function readWays(doc: Json, datagram: boolean): readonly Way[] {
  const possible = datagram ? DATAGRAM_WAYS : WAYS;
  if (doc.ways === undefined) {
    return possible.filter((w) => w !== "large" || doc.large !== undefined);
  }
  if (!Array.isArray(doc.ways) || doc.ways.length === 0) {
    throw new UsageError(said("scenario.ways", { value: JSON.stringify(doc.ways) ?? "missing" }));
  }
  const chosen = doc.ways.map((w, i) => choice(w, `ways[${i}]`, WAYS));
  if (datagram && chosen.includes("split")) {
    throw new UsageError(said("scenario.split_udp"));
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
    throw new UsageError(said("scenario.steps", { field, value: JSON.stringify(v) ?? "missing" }));
  }
  if (v.length > MAX_STEPS) {
    throw new UsageError(said("scenario.many_steps", { field, max: MAX_STEPS }));
  }
  const steps = new Steps(shape, within);
  v.forEach((step, i) => readStep(steps, step, `${field}[${i}]`));
  return steps;
}

function readStep(steps: Steps, step: unknown, where: string): void {
  if (!isObject(step)) throw new UsageError(said("scenario.step_object", { where }));
  const kinds = STEP_KINDS.filter((k) => k in step);
  if (kinds.length !== 1) {
    throw new UsageError(said("scenario.step_kind", { where, kinds: listed(STEP_KINDS) }));
  }
  const kind = kinds[0];
  const allowed: Record<typeof kind, readonly string[]> = {
    send: ["client", "repeat", "header"],
    send_hex: ["client", "repeat"],
    expect: ["client", "within", "skip"],
    wait: [],
    close: ["client"],
  };
  refuseUnknown(step, [kind, ...allowed[kind]], where);
  const client = step.client === undefined
    ? 0
    : wholeNumber(step.client, `${where}.client`, 0, MAX_CLIENTS - 1);
  switch (kind) {
    case "send":
    case "send_hex":
      return readSend(steps, step, kind, where, client);
    case "expect": {
      if (typeof step.expect !== "string") {
        const value = JSON.stringify(step.expect) ?? "missing";
        throw new UsageError(said("scenario.expect", { where: `${where}.expect`, value }));
      }
      let expect;
      try {
        expect = pattern(step.expect);
      } catch (err) {
        if (err instanceof UsageError) {
          throw new UsageError(said("scenario.at", { where: `${where}.expect`, error: err.said }));
        }
        throw err;
      }
      const options = {
        client,
        ...(step.within === undefined
          ? {}
          : { within: wholeNumber(step.within, `${where}.within`, 1, MAX_MS) }),
      };
      if (step.skip !== undefined && typeof step.skip !== "boolean") {
        const value = JSON.stringify(step.skip) ?? "missing";
        throw new UsageError(said("scenario.boolean", { where: `${where}.skip`, value }));
      }
      steps.expect({ ...expect, skip: step.skip === true }, options);
      return;
    }
    case "wait":
      steps.wait(wholeNumber(step.wait, `${where}.wait`, 0, MAX_MS));
      return;
    case "close":
      if (step.close !== true) throw new UsageError(said("scenario.close", { where }));
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
    const shown = JSON.stringify(value) ?? "missing";
    throw new UsageError(said("scenario.text", { where: `${where}.${kind}`, value: shown }));
  }
  const once = kind === "send_hex" ? parseHex(value) : new TextEncoder().encode(value);
  const repeat = step.repeat === undefined
    ? 1
    : wholeNumber(step.repeat, `${where}.repeat`, 1, CHECK_MAX_FRAME);
  if (once.length * repeat > CHECK_MAX_FRAME) {
    throw new UsageError(said("scenario.too_long", { where, max: CHECK_MAX_FRAME }));
  }
  const payload = concatBytes(Array.from({ length: repeat }, () => once));
  if (step.header !== undefined) {
    if (steps.conversation.sendFraming !== "json" || !isObject(step.header)) {
      throw new UsageError(said("scenario.header", { where }));
    }
  }
  try {
    steps.send(payload, { client, header: step.header as JsonHeader | undefined });
  } catch (err) {
    if (err instanceof RangeError) {
      throw new UsageError(said("scenario.at", { where, error: saidOf(err) }));
    }
    throw err;
  }
}

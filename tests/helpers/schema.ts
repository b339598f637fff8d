/**
 * Every NDJSON event a test reads is checked against `framecat schema`
 * (lib/events/schema.ts, the object that command prints) by ajv's draft
 * 2020-12 validator, and its kind is counted: `events_schema_test.ts` checks
 * that the kinds cover every kind there is.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { EVENT_SCHEMA } from "../../lib/events/schema.ts";

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
/** The whole schema, and each kind's definition alone (for errors that name the field). */
const validateAny = ajv.compile(EVENT_SCHEMA);
const byKind = new Map(
  Object.keys(EVENT_SCHEMA.$defs).map((k) => [k, ajv.getSchema(`#/$defs/${k}`)!]),
);

/** The kinds of the events checked so far in this test process. */
export const kindsSeen: Set<string> = new Set();

/** The reasons `ev` is not a valid event, or none. */
export function schemaErrors(ev: unknown): string[] {
  if (validateAny(ev)) return [];
  const kind = (ev as { event?: unknown })?.event;
  const own = typeof kind === "string" ? byKind.get(kind) : undefined;
  if (!own) return [`no event kind is ${JSON.stringify(kind)}`];
  own(ev);
  return (own.errors ?? []).map((e) =>
    `${e.instancePath || "/"} ${e.message}${
      e.params && "additionalProperty" in e.params ? `: ${e.params.additionalProperty}` : ""
    }`
  );
}

/** Throws, naming the line and what is wrong, unless `ev` is a valid event; counts its kind. */
export function assertValidEvent(ev: unknown, line = JSON.stringify(ev)): void {
  const errors = schemaErrors(ev);
  if (errors.length > 0) {
    throw new Error(`NDJSON event does not match framecat schema: ${errors.join("; ")}\n${line}`);
  }
  kindsSeen.add((ev as { event: string }).event);
}

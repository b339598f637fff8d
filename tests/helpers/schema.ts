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

type Kind = keyof typeof EVENT_SCHEMA.$defs;
const KIND_NAMES = new Set<string>(Object.keys(EVENT_SCHEMA.$defs));

/**
 * Each kind's definition as a schema of its own, compiled the first time an
 * event of that kind is checked: a test process sees a few kinds, and
 * compiling all of them (70 kB of schema) cost each test file seconds. An
 * event is valid against the whole schema exactly when it is valid against
 * its own kind's definition (each says its `event`); `check` refers to the
 * kinds of its conversation, so it is compiled with them.
 */
function definition(kind: Kind) {
  const id = `framecat:${kind}`;
  const known = ajv.getSchema(id);
  if (known) return known;
  const own = kind === "check" ? { $defs: EVENT_SCHEMA.$defs } : {};
  ajv.addSchema({ $schema: EVENT_SCHEMA.$schema, $id: id, ...EVENT_SCHEMA.$defs[kind], ...own });
  return ajv.getSchema(id)!;
}

interface SubDefinition {
  properties: Record<string, { const?: unknown }>;
}

/**
 * The definition of the sub-kind `ev` says it is (info, report, stats: by `kind`, and a
 * demo phase's stats by `demo` and `phase`), whose errors name the field; else its kind's.
 */
function ownDefinition(kind: Kind, ev: Record<string, unknown>) {
  const def = EVENT_SCHEMA.$defs[kind];
  if (!("anyOf" in def)) return definition(kind);
  const members = def.anyOf as readonly SubDefinition[];
  const at = members.findIndex(({ properties: p }) =>
    ["kind", "demo", "phase"].every((f) => p[f]?.const === undefined || p[f].const === ev[f])
  );
  if (at < 0) return definition(kind);
  definition(kind);
  return ajv.getSchema(`framecat:${kind}#/anyOf/${at}`)!;
}

/** The kinds of the events checked so far in this test process. */
export const kindsSeen: Set<string> = new Set();

/** The reasons `ev` is not a valid event, or none. */
export function schemaErrors(ev: unknown): string[] {
  const kind = (ev as { event?: unknown })?.event;
  if (typeof kind !== "string" || !KIND_NAMES.has(kind)) {
    return [`no event kind is ${JSON.stringify(kind)}`];
  }
  if (definition(kind as Kind)(ev)) return [];
  const own = ownDefinition(kind as Kind, ev as Record<string, unknown>);
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

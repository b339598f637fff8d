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

interface SubDefinition {
  properties: Record<string, { const?: unknown }>;
}

/**
 * The definition of the sub-kind `ev` says it is (info, report, stats: by `kind`, and a
 * demo phase's stats by `demo` and `phase`), whose errors name the field; else its kind's.
 */
function ownDefinition(kind: string, ev: Record<string, unknown>) {
  const def = EVENT_SCHEMA.$defs[kind as keyof typeof EVENT_SCHEMA.$defs];
  if (!("anyOf" in def)) return byKind.get(kind);
  const members = def.anyOf as readonly SubDefinition[];
  const at = members.findIndex(({ properties: p }) =>
    ["kind", "demo", "phase"].every((f) => p[f]?.const === undefined || p[f].const === ev[f])
  );
  return at < 0 ? byKind.get(kind) : ajv.getSchema(`#/$defs/${kind}/anyOf/${at}`);
}

/** The kinds of the events checked so far in this test process. */
export const kindsSeen: Set<string> = new Set();

/** The reasons `ev` is not a valid event, or none. */
export function schemaErrors(ev: unknown): string[] {
  if (validateAny(ev)) return [];
  const kind = (ev as { event?: unknown })?.event;
  const own = typeof kind === "string" && byKind.has(kind)
    ? ownDefinition(kind, ev as Record<string, unknown>)
    : undefined;
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

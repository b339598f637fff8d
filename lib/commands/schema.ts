/**
 * framecat schema: prints the JSON Schema of every NDJSON event, for
 * validators and scripts, and under `$defs.scenario` that of check's
 * scenario files.
 */
import { EXIT } from "../errors.ts";
import { EVENT_SCHEMA } from "../events/schema.ts";
import { SCENARIO_SCHEMA } from "../check/scenario_schema.ts";
import type { Context } from "../core/context.ts";

/** What `framecat schema` prints: the events' schema, the scenario file's among its definitions. */
export const PRINTED_SCHEMA = {
  ...EVENT_SCHEMA,
  $defs: { ...EVENT_SCHEMA.$defs, scenario: SCENARIO_SCHEMA },
};

export function schema(ctx: Context): number {
  const text = JSON.stringify(PRINTED_SCHEMA, null, 2) + "\n";
  ctx.terminal?.write(ctx.terminal.stdout, new TextEncoder().encode(text));
  return EXIT.ok;
}

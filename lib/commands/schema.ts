/** framecat schema: prints the JSON Schema of every NDJSON event, for validators and scripts. */
import { writeAllSync } from "../display/output.ts";
import { EXIT } from "../errors.ts";
import { EVENT_SCHEMA } from "../events/schema.ts";

export function schema(): number {
  writeAllSync(Deno.stdout, new TextEncoder().encode(JSON.stringify(EVENT_SCHEMA, null, 2) + "\n"));
  return EXIT.ok;
}

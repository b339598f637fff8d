/** framecat schema: prints the JSON Schema of every NDJSON event, for validators and scripts. */
import { EXIT } from "../errors.ts";
import { EVENT_SCHEMA } from "../events/schema.ts";
import type { Context } from "../core/context.ts";

export function schema(ctx: Context): number {
  const text = JSON.stringify(EVENT_SCHEMA, null, 2) + "\n";
  ctx.terminal?.write(ctx.terminal.stdout, new TextEncoder().encode(text));
  return EXIT.ok;
}

/**
 * The JSON Schema (draft 2020-12) of every NDJSON event, one definition per
 * kind under `$defs` (`info`, `report` and `stats`: one per sub-kind, under
 * `anyOf`): what `framecat schema` prints and the README's events section
 * shows. It is the definitions of `kinds.ts` as they are, the same objects
 * the events' TypeScript types are read from.
 */
import { EVENT_KINDS } from "./types.ts";
import { KINDS } from "./kinds.ts";

/** The schema `framecat schema` prints (JSON.stringify leaves TypeBox's own symbols out). */
export const EVENT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "framecat NDJSON event",
  description: "One line of `--output json`. Fields are only ever added, never renamed.",
  oneOf: EVENT_KINDS.map((k) => ({ $ref: `#/$defs/${k}` })),
  $defs: KINDS,
};

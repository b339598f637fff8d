/**
 * The README's list of events, made from `framecat schema`: each kind, what
 * it means, and its fields (required ones in bold). Run it to print the list;
 * tests/readme_events_test.ts checks that the README shows exactly this.
 */
import { EVENT_SCHEMA } from "../lib/events/schema.ts";

/** Fields every kind may have: described once, above the list. */
const COMMON = new Set(["ts", "event", "peer", "demo", "phase", "role", "bytes", "base64", "text"]);

export function eventsReadme(): string {
  return Object.entries(EVENT_SCHEMA.$defs).map(([kind, def]) => {
    const required = new Set<string>(def.required);
    const fields = Object.keys(def.properties)
      .filter((name) => !COMMON.has(name))
      .map((name) => (required.has(name) ? `**\`${name}\`**` : `\`${name}\``));
    return `- \`${kind}\`: ${def.description}.` +
      (fields.length > 0 ? ` Fields: ${fields.join(", ")}.` : "");
  }).join("\n");
}

if (import.meta.main) console.log(eventsReadme());

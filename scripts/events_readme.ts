/**
 * The README's list of events, made from `framecat schema`: each kind, what
 * it means, and its fields (required ones in bold); `info`, `report` and
 * `stats` with each of their sub-kinds. Run it to print the list;
 * tests/readme_events_test.ts checks that the README shows exactly this.
 */
import { EVENT_SCHEMA } from "../lib/events/schema.ts";

/** Fields every kind may have (and `kind`, which names a sub-kind): described once, above the list. */
const COMMON = new Set(["ts", "event", "kind", "peer", "demo", "phase", "role"]);
/** The fields of an event with data: described once too. */
const DATA = new Set([...COMMON, "bytes", "base64", "text"]);

interface Definition {
  description?: string;
  properties: Record<string, { const?: unknown }>;
  required?: readonly string[];
}

/** `Fields: **`a`**, `b`.` — the definition's own fields, required ones in bold. */
function fields(def: Definition): string {
  const skip = "base64" in def.properties ? DATA : COMMON;
  const required = new Set<string>(def.required ?? []);
  const names = Object.keys(def.properties).filter((name) => !skip.has(name));
  if (names.length === 0) return "";
  const shown = names.map((name) => (required.has(name) ? `**\`${name}\`**` : `\`${name}\``));
  return ` Fields: ${shown.join(", ")}.`;
}

/** The sub-kinds of a kind; a demo phase's stats are one line for all the phases. */
function subKinds(defs: readonly Definition[]): string[] {
  const lines: string[] = [];
  const phases: string[] = [];
  for (const def of defs) {
    const kind = String(def.properties.kind.const);
    if (kind === "demo") {
      const { demo, phase } = def.properties;
      const figures = Object.keys(def.properties).filter((n) => !COMMON.has(n));
      phases.push(`${demo.const}/${phase.const} (${figures.map((f) => `\`${f}\``).join(", ")})`);
      continue;
    }
    lines.push(`  - \`${kind}\`: ${def.description}.${fields(def)}`);
  }
  if (phases.length > 0) {
    lines.push(
      "  - `demo`: the figures one demo phase quotes, all required; `demo` and `phase` say " +
        `which: ${phases.join(", ")}.`,
    );
  }
  return lines;
}

export function eventsReadme(): string {
  return Object.entries(EVENT_SCHEMA.$defs).flatMap(([kind, def]) => {
    const head = `- \`${kind}\`: ${def.description}.`;
    if ("anyOf" in def) {
      return [`${head} Its \`kind\` says which:`, ...subKinds(def.anyOf as Definition[])];
    }
    return [head + fields(def as Definition)];
  }).join("\n");
}

if (import.meta.main) console.log(eventsReadme());

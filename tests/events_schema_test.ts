/**
 * `framecat schema` and the events: the schema it prints is the one the
 * test helpers check every NDJSON line against, the check refuses what it
 * should, and real runs of every command show every kind of event.
 */
import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import { EVENT_SCHEMA } from "../lib/events/schema.ts";
import { EVENT_KINDS, type FcEvent } from "../lib/events/types.ts";
import { SCENARIO_SCHEMA } from "../lib/check/scenario_schema.ts";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { kindsSeen, schemaErrors } from "./helpers/schema.ts";

const J = ["--output", "json"];

Deno.test("framecat schema prints a draft 2020-12 schema with one definition per event kind, and the scenario file's", async () => {
  const run = await runFramecat(["schema"]);
  assert.equal(run.code, 0, run.stderr);
  const { scenario, ...events } = JSON.parse(run.stdout).$defs;
  const printed = { ...JSON.parse(run.stdout), $defs: events };
  assert.deepEqual(printed, JSON.parse(JSON.stringify(EVENT_SCHEMA)), "the helpers check by it");
  assert.deepEqual(scenario, JSON.parse(JSON.stringify(SCENARIO_SCHEMA)));
  assert.equal(printed.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.deepEqual(Object.keys(printed.$defs), [...EVENT_KINDS]);
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  assert.ok(ajv.validateSchema(printed), JSON.stringify(ajv.errors));
});

Deno.test("the schema refuses an event that breaks the contract", () => {
  const ts = new Date().toISOString();
  assert.deepEqual(schemaErrors({ ts, event: "listening", address: "127.0.0.1:1", port: 1 }), []);
  const refused: Array<[string, unknown]> = [
    ["no ts", { event: "listening", address: "127.0.0.1:1" }],
    ["ts not a date", { ts: "now", event: "listening", address: "127.0.0.1:1" }],
    ["a renamed field", { ts, event: "listening", addr: "127.0.0.1:1" }],
    ["a field of another kind", { ts, event: "read", read: 1, frame: 2 }],
    ["a wrong type", { ts, event: "frame", frame: "1", read: 1 }],
    ["a reason nobody knows", { ts, event: "closed", reason: "tired" }],
    ["an unknown kind", { ts, event: "hello" }],
    ["an info that says no sub-kind", { ts, event: "info", message: "hi" }],
    ["an unknown sub-kind", { ts, event: "info", kind: "gossip", message: "hi" }],
    ["a field of another sub-kind", { ts, event: "info", kind: "note", message: "x", online: 1 }],
    ["a stats field no sub-kind has", { ts, event: "stats", kind: "web", sessions: 1, extra: 2 }],
    ["a demo figure of another phase", {
      ts,
      event: "stats",
      kind: "demo",
      demo: "sticky",
      phase: "problem",
      bytes: 1,
      frames: 2,
    }],
  ];
  for (const [what, ev] of refused) assert.notDeepEqual(schemaErrors(ev), [], what);
  assert.deepEqual(
    schemaErrors({ ts, event: "info", kind: "chat", message: "x", chat: "join" }),
    ["/ must have required property 'online'"],
    "the error names the sub-kind's own field",
  );
});

Deno.test("an event with a field its kind does not define does not type-check", () => {
  const events: FcEvent[] = [
    // @ts-expect-error: `online` belongs to chat infos, not to notes.
    { event: "info", kind: "note", message: "x", online: 1 },
    // @ts-expect-error: a renamed field.
    { event: "listening", addr: "127.0.0.1:1" },
    // @ts-expect-error: every stats event says which it is.
    { event: "stats", sessions: 1 },
    // @ts-expect-error: a figure the phase does not quote.
    { event: "stats", kind: "demo", demo: "sticky", phase: "problem", bytes: 1, joined: "", x: 1 },
    { event: "info", kind: "chat", message: "x", chat: "join", online: 1 },
  ];
  assert.equal(events.length, 5);
});

Deno.test("serve, connect, relay, sink and flood show every kind of event, each valid", async () => {
  // serve with no host: `listening` and the `info` hint; len framing, so plain text is malformed;
  // a checksum the client does not add: a `checksum` warning.
  const { framecat: server, port } = await Framecat.listening(
    ["serve", "0", "--framing", "len", "--checksum", "crc8", ...J],
  );
  await using _server = server;
  // A relay that slices what it forwards: `fault` events, and its own `stats`.
  const { framecat: relay, port: relayPort } = await Framecat.listening(
    ["relay", "127.0.0.1:0", `127.0.0.1:${port}`, "--slice", "1", ...J],
  );
  await using _relay = relay;
  const client = await runFramecat(
    [
      "connect",
      `127.0.0.1:${relayPort}`,
      "--framing",
      "len",
      "--send",
      "hi",
      "--expect",
      "1",
      ...J,
    ],
  );
  assert.equal(client.code, 0, client.stderr);
  // A check of the same server: a `check` event per case, and the `summary`. Its replies end with
  // a crc8 the check does not expect: the case fails (exit 5).
  const checked = await runFramecat(
    ["check", "len-echo", `${port}`, "--prefix", "u32be", "--ways", "plain", "--report", "json"],
  );
  assert.equal(checked.code, 5, checked.stderr);
  // Text to a len server: an `error` event with its hint, then `closed`.
  const raw = await runFramecat(["connect", `127.0.0.1:${port}`, "--send", "GET / HTTP/1.1", ...J]);
  await server.waitFor((evs) => evs.some((e) => e.event === "error"), 15_000, "the error");
  assert.equal((await relay.stop()).code, 0, relay.stderr);
  assert.equal((await server.stop()).code, 0, server.stderr);
  // A sink and a flood: `report` events from both.
  const { framecat: sink, port: sinkPort } = await Framecat.listening(
    ["sink", "udp://127.0.0.1:0", "--once", ...J],
  );
  await using _sink = sink;
  const flood = await runFramecat(["flood", `udp://127.0.0.1:${sinkPort}`, "--count", "10", ...J]);
  assert.equal(flood.code, 0, flood.stderr);
  assert.equal((await sink.exited()).code, 0, sink.stderr);

  const runs = [
    server.events,
    relay.events,
    client.events,
    checked.events,
    raw.events,
    sink.events,
    flood.events,
  ];
  const shown = new Set(runs.flat().map((e) => e.event as string));
  assert.deepEqual([...EVENT_KINDS].filter((k) => !shown.has(k)), [], "kinds never shown");
  for (const kind of EVENT_KINDS) assert.ok(kindsSeen.has(kind), `${kind} checked by the schema`);
});

Deno.test("only framecat schema loads the definitions: every other command starts without TypeBox", async () => {
  const root = new URL("../main.ts", import.meta.url);
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", root.pathname],
  }).output();
  type Dep = { code?: { specifier: string } };
  const info = JSON.parse(new TextDecoder().decode(stdout)) as {
    modules: { specifier: string; dependencies?: Dep[] }[];
  };
  const byName = new Map(info.modules.map((m) => [m.specifier, m]));
  // What any command but `schema` may load: every code import (a command's too), types left
  // out, and not the schema command's module.
  const loaded = new Set<string>();
  const visit = (specifier: string) => {
    if (loaded.has(specifier) || specifier.endsWith("/commands/schema.ts")) return;
    loaded.add(specifier);
    for (const dep of byName.get(specifier)?.dependencies ?? []) {
      if (dep.code) visit(dep.code.specifier);
    }
  };
  visit(root.href);
  assert.ok(loaded.size > 100, `the graph is read (${loaded.size} modules)`);
  const eager = [...loaded].filter((s) => s.endsWith("/events/kinds.ts") || s.includes("typebox"));
  assert.deepEqual(eager, [], "import words from events/choices.ts, types with import type");
});

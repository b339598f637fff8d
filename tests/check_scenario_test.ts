/**
 * Scenario files: a teacher's own protocol as a check. A file that is not
 * right is refused with one line naming the field; one that is runs like a
 * built-in check, every way; `framecat schema`'s scenario definition and the
 * parser take the same files and the same fields.
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { check, row } from "./check_helpers.ts";
import { EXIT } from "../lib/errors.ts";
import { PRINTED_SCHEMA } from "../lib/commands/schema.ts";
import { SCENARIO_FIELDS } from "../lib/check/scenario.ts";

const WAYS = ["plain", "stuck", "split", "delayed", "large"];

/** Writes each scenario to a file of a temporary folder; its path. */
async function scenarioFiles(): Promise<
  { write(name: string, doc: unknown): Promise<string> } & AsyncDisposable
> {
  const dir = await Deno.makeTempDir({ prefix: "framecat_scenario_" });
  return {
    async write(name, doc) {
      const path = `${dir}/${name}`;
      await Deno.writeTextFile(path, typeof doc === "string" ? doc : JSON.stringify(doc));
      return path;
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** The upper-case line protocol: every way, a large line included. */
const UPPER = {
  framing: "line",
  steps: [
    { send: "hello" },
    { expect: "HELLO", within: 1000 },
    { send: "world" },
    { expect: "/^WOR/" },
    { send_hex: "41 62" },
    { expect: "hex:41 42" },
  ],
  large: [{ send: "abc", repeat: 700 }, { expect: "prefix:ABCABC" }],
};

/** framecat schema's scenario definition, compiled where its references resolve. */
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
addFormats.default(ajv);
ajv.addSchema(PRINTED_SCHEMA, "framecat");
const validScenario = ajv.getSchema("framecat#/$defs/scenario")!;

Deno.test("a scenario runs like a built-in check: every way, against framecat's line upper-caser", async () => {
  await using files = await scenarioFiles();
  const path = await files.write("upper.json", UPPER);
  const { framecat, port } = await Framecat.serving("--framing", "line", "--behavior", "upper");
  await using _ = framecat;
  const run = await check([path, `${port}`]);
  strictEqual(run.result.code, EXIT.ok, JSON.stringify(run.cases));
  strictEqual(run.summary.check, "upper");
  deepStrictEqual(run.table(), { [`${port}`]: row(WAYS) });
  // A reply that is not the one expected: explained, exit 5.
  const wrong = await files.write("wrong.json", {
    framing: "line",
    ways: ["plain", "stuck"],
    steps: [{ send: "hello" }, { expect: "HELLO!" }],
  });
  const failed = await check([wrong, `${port}`, "--lang", "en"]);
  strictEqual(failed.result.code, EXIT.checkFailed);
  match(
    failed.of(port, "plain").message,
    /^sent "hello"; the server answered "HELLO" where "HELLO!" was expected: its reply is not the one the protocol asks for\.$/,
  );
});

Deno.test("a scenario with two clients: each its own connection, opened at its first step, closed and opened again", async () => {
  await using files = await scenarioFiles();
  const { framecat, port } = await Framecat.serving("--framing", "line", "--behavior", "chat");
  await using _ = framecat;
  const path = await files.write("chat.json", {
    framing: "line",
    ways: ["plain", "split", "delayed"],
    steps: [
      { send: "I am here", client: 1 },
      { send: "hello", client: 0 },
      { expect: "contains:] hello", client: 1, skip: true },
      { close: true, client: 1 },
      { send: "back", client: 1 },
      { expect: "contains:] back", client: 0, skip: true },
    ],
  });
  const run = await check([path, `${port}`]);
  strictEqual(run.result.code, EXIT.ok, JSON.stringify(run.cases));
  const passed = await check([path, `${port}`, "--ways", "plain", "--report", "json"]);
  strictEqual(passed.summary.passed, 1);
});

Deno.test("a scenario that is not right is refused with one line naming the field", async () => {
  await using files = await scenarioFiles();
  // What only reading can judge (a prefix's spelling, hex, a regex, the ways and the large way's
  // sizes, a header's framing), the schema leaves to the parser: marked "parser".
  const refused: Array<[string, unknown, RegExp, "parser"?]> = [
    ["not JSON", "{steps: []}", /it is not JSON \(/],
    ["not an object", "[]", /write a JSON object with steps/],
    ["an unknown field", { stpes: [] }, /it has no field "stpes" \(the fields are name, /],
    ["no steps", {}, /steps is missing: write a list of steps/],
    [
      "a framing nobody knows",
      { framing: "xml", steps: [{ wait: 1 }] },
      /framing is "xml": write one of raw, line, len, json/,
    ],
    ["a bad prefix", { prefix: "q9", steps: [{ wait: 1 }] }, /prefix: Cannot use "q9"/, "parser"],
    [
      "a step of two kinds",
      { steps: [{ send: "a", wait: 1 }] },
      /steps\[0\] must hold exactly one of send, send_hex, expect, wait, close/,
    ],
    [
      "a field a step does not take",
      { steps: [{ wait: 1, client: 1 }] },
      /steps\[0\] has no field "client" \(the fields are wait\)/,
    ],
    [
      "an expect that is no pattern",
      { steps: [{ expect: 5 }] },
      /steps\[0\]\.expect is 5: write a pattern/,
    ],
    [
      "a regex that does not compile",
      { steps: [{ expect: "/(/" }] },
      /steps\[0\]\.expect: Cannot read the pattern "\/\(\/"/,
      "parser",
    ],
    ["bad hex", { steps: [{ send_hex: "4g" }] }, /hex/, "parser"],
    [
      "a wait too long",
      { steps: [{ wait: 600000 }] },
      /steps\[0\]\.wait is 600000: write a whole number from 0 to 60000/,
    ],
    [
      "a client too many",
      { steps: [{ send: "a", client: 9 }] },
      /steps\[0\]\.client is 9: write a whole number from 0 to 7/,
    ],
    [
      "split over UDP",
      { transport: "udp", ways: ["split"], steps: [{ wait: 1 }] },
      /ways has split, which cuts a TCP stream/,
      "parser",
    ],
    [
      "large without its conversation",
      { ways: ["large"], steps: [{ wait: 1 }] },
      /ways has large: write its conversation in "large"/,
      "parser",
    ],
    [
      "a large way with nothing large",
      { large: [{ send: "a" }], steps: [{ wait: 1 }] },
      /large sends nothing longer than 1024 bytes: use "repeat" to make one/,
      "parser",
    ],
    [
      "a header without json framing",
      { steps: [{ send: "a", header: { a: 1 } }] },
      /steps\[0\]\.header takes a JSON object, and only with json framing/,
      "parser",
    ],
  ];
  for (const [what, doc, why, judge] of refused) {
    const path = await files.write("bad.json", doc);
    const run = await runFramecat(["check", path, "127.0.0.1:9"]);
    strictEqual(run.code, EXIT.usage, what);
    const lines = run.stderr.trimEnd().split("\n");
    strictEqual(lines.length, 1, `${what}: one line, got ${run.stderr}`);
    match(lines[0], new RegExp(`^framecat: Cannot use the scenario ${path}: `), what);
    match(lines[0], why, what);
    // The schema refuses the same shapes.
    if (typeof doc !== "string" && !judge) {
      strictEqual(validScenario(doc), false, `schema: ${what}`);
    }
  }
  const missing = await runFramecat(["check", "no-such-check", "127.0.0.1:9"]);
  strictEqual(missing.code, EXIT.usage);
  match(
    missing.stderr,
    /^framecat: Cannot run the check "no-such-check": it is neither a built-in check \(echo, upper, len-echo, json-exec, save, time, udp-echo, chat\) nor a scenario file\n$/,
  );
});

Deno.test("framecat schema's scenario definition takes what the parser takes, field for field", () => {
  const schema = PRINTED_SCHEMA.$defs.scenario;
  deepStrictEqual(Object.keys(schema.properties), [...SCENARIO_FIELDS]);
  strictEqual(validScenario(UPPER), true, JSON.stringify(validScenario.errors));
  strictEqual(validScenario({ transport: "udp", steps: [{ send: "x" }, { expect: "*" }] }), true);
});

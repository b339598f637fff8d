/**
 * framecat check of a whole class: 40 student servers in one python
 * process, named in a targets file, checked at once with the default
 * parallelism and time limits. The ones that hang, reset or flood fail their
 * own cases only, every case is bounded, and the summary's table is right.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { check, row, startClass, type StudentKind } from "./check_helpers.ts";
import { EXIT } from "../lib/errors.ts";

const WAYS = ["plain", "stuck", "split", "delayed", "large"];

/** How each kind of student does: the ways it fails. */
const FAILS: Partial<Record<StudentKind, string[]>> = {
  "len-correct": [],
  "len-naive": ["stuck", "split", "large"],
  "len-half": ["split"],
  "silent": WAYS,
  "reset": WAYS,
  "flood": WAYS,
};

/** The class: mostly right, some naive, one that hangs, one that resets, one that floods. */
const CLASS: StudentKind[] = [
  ...Array<StudentKind>(27).fill("len-correct"),
  ...Array<StudentKind>(6).fill("len-naive"),
  ...Array<StudentKind>(4).fill("len-half"),
  "silent",
  "reset",
  "flood",
];

Deno.test("check len-echo --targets: 40 servers at once, each failing exactly its own ways, the table right", async () => {
  await using cls = await startClass(CLASS);
  const file = await Deno.makeTempFile({ prefix: "framecat_class_", suffix: ".txt" });
  try {
    const names = cls.ports.map((_, i) => `student${String(i + 1).padStart(2, "0")}`);
    const lines = cls.ports.map((port, i) => `${names[i]}  127.0.0.1:${port}  # ${CLASS[i]}`);
    await Deno.writeTextFile(file, ["# the class", ...lines, ""].join("\n"));
    // Bounded: 40 targets, 8 at a time, each way at most its time limits.
    const run = await check(["len-echo", "--targets", file], 60_000);
    strictEqual(run.result.code, EXIT.checkFailed, run.result.stderr);
    const expected = Object.fromEntries(names.map((name, i) => [name, row(WAYS, FAILS[CLASS[i]])]));
    deepStrictEqual(run.table(), expected);
    const failing = CLASS.reduce((n, kind) => n + FAILS[kind]!.length, 0);
    deepStrictEqual(
      [run.summary.targets, run.summary.cases, run.summary.failed, run.summary.unreachable],
      [40, 200, failing, 0],
    );
    const silent = names[CLASS.indexOf("silent")];
    for (const way of WAYS) strictEqual(run.of(silent, way).failure, "silent");
    // A case that waits for a server that never answers lasts about its time limit, no more.
    for (const c of run.cases) ok(c.ms < 10_000, `${c.target} ${c.way}: ${c.ms} ms`);
  } finally {
    await Deno.remove(file);
  }
});

/**
 * Writes `.test_groups/`: the test files of `tests/` that the `test:parallel` task does not
 * name, imported by a few modules (`group_N_test.ts`), so that `deno test --parallel` runs each
 * group in one isolate instead of each file in one of its own.
 *
 * Why: Deno 2.9.6 starts every test file in a new isolate, and each one evaluates its bench
 * module, whose top level allocates `new Array(10_000_000)` (an 80 MB array of holes), and
 * evaluates again every module the file imports. On the project's 2-core VM, where a page fault
 * is costly, that is about half a second of CPU per file: grouping the 78 short files measured
 * 40 s of CPU instead of 80 (`deno test` of them alone, 6 December 2026).
 *
 * The files the task names (the long ones, longest first) still run one to an isolate: they
 * wait on peers, timers and chromium more than they compute, and overlap. Each test keeps the
 * place it is defined in (a failure points at its own file), and any file still runs alone:
 * `deno test -P tests/framing_test.ts`.
 *
 *   deno run --allow-read --allow-write=.test_groups scripts/test_groups.ts [GROUPS]
 */

const ROOT = new URL("../", import.meta.url);
const OUT = new URL(".test_groups/", ROOT);
/** Groups of short files: enough to fill four jobs beside the long files, few enough to share. */
const DEFAULT_GROUPS = 8;

/** The test files the `test:parallel` task names one by one, as `tests/NAME_test.ts`. */
export function namedInTask(config: { tasks?: Record<string, unknown> }): string[] {
  const task = config.tasks?.["test:parallel"];
  const command = typeof task === "string"
    ? task
    : (task as { command?: string } | undefined)?.command;
  if (typeof command !== "string") throw new TypeError("deno.json has no test:parallel command");
  return command.split(/\s+/).filter((w) => /^tests\/[\w-]+_test\.ts$/.test(w));
}

/**
 * Deals `files` (with their sizes) into `count` groups of about the same size, biggest first:
 * each file goes to the group that is smallest so far.
 */
export function deal(files: Array<{ name: string; size: number }>, count: number): string[][] {
  const groups = Array.from({ length: count }, () => ({ size: 0, names: [] as string[] }));
  for (const file of [...files].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name))) {
    const smallest = groups.reduce((min, g) => g.size < min.size ? g : min);
    smallest.size += file.size;
    smallest.names.push(file.name);
  }
  return groups.filter((g) => g.names.length > 0).map((g) => g.names.sort());
}

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? DEFAULT_GROUPS);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Not a group count: ${count}`);
  const config = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT)));
  const named = new Set(namedInTask(config));
  const files: Array<{ name: string; size: number }> = [];
  for (const entry of Deno.readDirSync(new URL("tests/", ROOT))) {
    if (!entry.isFile || !entry.name.endsWith("_test.ts")) continue;
    if (named.has(`tests/${entry.name}`)) continue;
    files.push({
      name: entry.name,
      size: Deno.statSync(new URL(`tests/${entry.name}`, ROOT)).size,
    });
  }
  try {
    Deno.removeSync(OUT, { recursive: true }); // the groups of the last run
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  Deno.mkdirSync(OUT);
  for (const [i, names] of deal(files, count).entries()) {
    const text = `// Written by scripts/test_groups.ts: do not edit.\n` +
      names.map((name) => `import "../tests/${name}";\n`).join("");
    Deno.writeTextFileSync(new URL(`group_${i + 1}_test.ts`, OUT), text);
  }
}

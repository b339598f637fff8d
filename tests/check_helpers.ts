/**
 * Helpers of the framecat check tests: a class of student servers (python,
 * written as the course's students write them, many in one process), a
 * port nobody listens on, and check's events read back by target and way.
 */
import { fixture, PYTHON, startProcess } from "./helpers/process.ts";
import { refusedPort } from "./helpers/net.ts";
import {
  eventsOf,
  type JsonEvent,
  type JsonEventOf,
  runFramecat,
  type RunResult,
} from "./helpers/cli.ts";

/** The kinds tests/fixtures/student_servers.py serves. */
export type StudentKind =
  | "len-correct"
  | "len-naive"
  | "len-late"
  | "len-half"
  | "len-overlong"
  | "exec-correct"
  | "exec-naive"
  | "exec-naive-md5"
  | "exec-chars"
  | "exec-md5-out"
  | "exec-raw"
  | "echo-ack"
  | "echo-udp"
  | "save-correct"
  | "save-nomd5"
  | "save-ack-hdr"
  | "save-recv4"
  | "time-udp"
  | "echo-twice"
  | "echo-newline"
  | "echo-nobreak"
  | "line-naive"
  | "silent"
  | "reset"
  | "flood";

/** Student servers running in one python process: each kind's port, in the order asked. */
export interface Class extends AsyncDisposable {
  ports: number[];
  /** The port of the first server of `kind`. */
  port(kind: StudentKind): number;
}

export async function startClass(kinds: (StudentKind | `${StudentKind}@dual`)[]): Promise<Class> {
  const dir = await Deno.makeTempDir({ prefix: "framecat_class_" });
  const running = await startProcess(PYTHON, fixture("student_servers.py", [dir, ...kinds]));
  const served: Array<[StudentKind, number]> = JSON.parse(running.firstLine);
  return {
    ports: served.map(([, port]) => port),
    port(kind) {
      const found = served.find(([k]) => k === kind);
      if (!found) throw new Error(`no ${kind} server in this class`);
      return found[1];
    },
    async [Symbol.asyncDispose]() {
      await running[Symbol.asyncDispose]();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A loopback port with nothing listening on it (see refusedPort). */
export const downPort = refusedPort;

/** A check run with --report json: its exit code, cases and summary. */
export interface Checked {
  result: RunResult;
  cases: JsonEventOf<"check">[];
  summary: JsonEventOf<"summary">;
  /** The case of `target` run `way`. */
  of(target: string | number, way: string): JsonEventOf<"check">;
  /** target → way → pass/fail, as the summary's table says. */
  table(): Record<string, JsonEventOf<"summary">["table"][number]["results"]>;
}

/** `framecat check ARGS --report json` (each NDJSON line is checked against the schema). */
export async function check(args: string[], timeoutMs = 60_000): Promise<Checked> {
  const result = await runFramecat(["check", ...args, "--report", "json"], { timeoutMs });
  const cases = eventsOf(result.events, "check");
  const [summary] = eventsOf(result.events, "summary");
  if (!summary) throw new Error(`check gave no summary (exit ${result.code}): ${result.stderr}`);
  return {
    result,
    cases,
    summary,
    of(target, way) {
      const found = cases.find((c) => c.target === String(target) && c.way === way);
      if (!found) throw new Error(`no case ${target} ${way}`);
      return found;
    },
    table() {
      return Object.fromEntries(summary.table.map((r) => [r.target, r.results]));
    },
  };
}

/**
 * A failed case's conversation as the events it is (none for a passed case): the schema
 * checked each of them against its own kind when the line was read.
 */
export function conversation(c: JsonEventOf<"check">): JsonEvent[] {
  return (c.conversation ?? []) as JsonEvent[];
}

/** Every way passing, or failing, as a table row. */
export function row(ways: string[], failing: string[] = []): Record<string, string> {
  return Object.fromEntries(ways.map((w) => [w, failing.includes(w) ? "fail" : "pass"]));
}

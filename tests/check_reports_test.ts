/**
 * framecat check's reports, read back by what reads them: the JUnit XML by a
 * real XML parser (python's ElementTree, as autograders' are) with its
 * counts checked against the cases; the TAP by Perl's TAP::Parser (what
 * `prove` runs), spawned as a grader runs framecat: the installed command
 * line with its one permission set; the text by its table.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { output, python } from "./helpers/process.ts";
import { check, conversation, startClass } from "./check_helpers.ts";
import { EXIT } from "../lib/errors.ts";

const WAYS = ["plain", "stuck", "split", "delayed", "large"];
/**
 * A time limit shorter than the default: the naive server's stuck case waits it out. A stall of
 * a loaded machine does not turn a reply due in it into silence: check gives the wait back
 * (lib/check/inbox.ts).
 */
const LIMIT = ["--timeout", "1000"];

/** What ElementTree reads in a JUnit document. */
const READ_JUNIT = `
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
def attrs(e, *names): return {n: e.get(n) for n in names}
print(json.dumps({
  **attrs(root, 'name', 'tests', 'failures', 'errors', 'skipped'),
  'tag': root.tag,
  'suites': [{
    **attrs(s, 'name', 'tests', 'failures', 'skipped'),
    'address': s.find('properties/property[@name="address"]').get('value'),
    'cases': [{
      **attrs(c, 'name', 'classname', 'time'),
      'failure': None if c.find('failure') is None else {
        **attrs(c.find('failure'), 'message', 'type'), 'body': c.find('failure').text},
      'skipped': None if c.find('skipped') is None else c.find('skipped').get('message'),
    } for c in s.findall('testcase')],
  } for s in root.findall('testsuite')],
}))
`;

/** What TAP::Parser makes of a TAP stream. */
const READ_TAP = `
use strict; use JSON::PP; use TAP::Parser;
binmode STDIN, ":encoding(UTF-8)";
my $tap = do { local $/; <STDIN> };
my $p = TAP::Parser->new({ tap => $tap });
my (@tests, @yaml, $bailout);
while (my $r = $p->next) {
  $bailout = $r->explanation if $r->is_bailout;
  push @tests, { ok => ($r->is_ok ? 1 : 0), number => $r->number, description => $r->description }
    if $r->is_test;
  push @yaml, $r->data if $r->is_yaml;
}
print encode_json({
  version => $p->version, plan => $p->plan, good_plan => ($p->is_good_plan ? 1 : 0),
  passed => scalar($p->passed), failed => scalar($p->failed),
  errors => [$p->parse_errors], tests => \\@tests, yaml => \\@yaml, bailout => $bailout,
});
`;

Deno.test("check --report junit: a testsuite per target, a testcase per way, the explanation as the failure message; the counts add up", async () => {
  await using cls = await startClass(["len-correct", "len-naive"]);
  const [correct, naive] = cls.ports;
  const run = await runFramecat(
    ["check", "len-echo", `${correct}`, `${naive}`, "--report", "junit", "--lang", "en", ...LIMIT],
  );
  strictEqual(run.code, EXIT.checkFailed, run.stderr);
  const doc = JSON.parse(await python(READ_JUNIT, [], { stdin: run.stdout }));
  strictEqual(doc.tag, "testsuites");
  strictEqual(doc.name, "framecat check len-echo");
  deepStrictEqual([doc.tests, doc.failures, doc.errors, doc.skipped], ["10", "3", "0", "0"]);
  deepStrictEqual(doc.suites.map((s: Record<string, unknown>) => s.name), [
    `${correct}`,
    `${naive}`,
  ]);
  const [good, bad] = doc.suites;
  deepStrictEqual([good.tests, good.failures, bad.tests, bad.failures], ["5", "0", "5", "3"]);
  strictEqual(bad.address, `tcp://127.0.0.1:${naive}`);
  deepStrictEqual(bad.cases.map((c: Record<string, unknown>) => c.name), WAYS);
  for (const c of bad.cases) strictEqual(c.classname, `len-echo.${naive}`);
  const failed = bad.cases.filter((c: { failure: unknown }) => c.failure !== null);
  deepStrictEqual(failed.map((c: { name: string }) => c.name), ["stuck", "split", "large"]);
  // Counted from the cases themselves, the totals are the document's.
  const all = doc.suites.flatMap((s: { cases: unknown[] }) => s.cases);
  strictEqual(all.length, Number(doc.tests));
  strictEqual(
    all.filter((c: { failure: unknown }) => c.failure !== null).length,
    Number(doc.failures),
  );
  const stuck = failed[0].failure;
  strictEqual(stuck.type, "sticking");
  match(stuck.message, /^sent "hello" and "world" back to back, in one segment; .*\(粘包\)/);
  // The body: the explanation, then the conversation, one event a line.
  match(stuck.body, /^sent "hello".*\n\n\+0 ms connected\n.*sent write=1 5 B "hello"/s);
  match(stuck.body, /fault fault=coalesce 18 B/);
});

Deno.test("check --report tap, as a grader runs it: valid TAP 13 that TAP::Parser reads, a YAML block per failure", async () => {
  await using cls = await startClass(["len-correct", "len-naive"]);
  const [correct, naive] = cls.ports;
  const run = await runFramecat(
    ["check", "len-echo", `${correct}`, `${naive}`, "--report", "tap", ...LIMIT],
    { process: true, env: { LANG: "zh_CN.UTF-8" } },
  );
  strictEqual(run.code, EXIT.checkFailed, run.stderr);
  match(run.stdout, /^TAP version 13\n1\.\.10\n/);
  const tap = JSON.parse(new TextDecoder().decode(
    await output("perl", ["-e", READ_TAP], { stdin: run.stdout }),
  ));
  deepStrictEqual(tap.errors, []);
  deepStrictEqual([Number(tap.version), tap.plan, tap.good_plan], [13, "1..10", 1]);
  deepStrictEqual([tap.passed, tap.failed], [7, 3]);
  deepStrictEqual(tap.tests.map((t: { number: number }) => t.number), [
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
  ]);
  const failing = tap.tests.filter((t: { ok: number }) => !t.ok).map((t: { description: string }) =>
    t.description
  );
  deepStrictEqual(failing.sort(), [`- ${naive} large`, `- ${naive} split`, `- ${naive} stuck`]);
  strictEqual(tap.yaml.length, 3);
  const stuck = tap.yaml.find((y: { data: { way: string } }) => y.data.way === "stuck");
  deepStrictEqual(
    { ...stuck.data, ms: 0 },
    {
      check: "len-echo",
      target: `${naive}`,
      address: `tcp://127.0.0.1:${naive}`,
      way: "stuck",
      failure: "sticking",
      ms: 0,
    },
  );
  // The language comes from LANG, as a grader's machine sets it.
  match(stuck.message, /它把一次 recv\(\) 当成了一条消息（粘包）/);
  ok(stuck.conversation.some((line: string) => /sent write=1 5 B "world"/.test(line)));
});

Deno.test("check --report text: a line per case, then the table of targets × ways and the counts", async () => {
  await using cls = await startClass(["len-correct", "len-naive"]);
  const [correct, naive] = cls.ports;
  const run = await runFramecat(
    ["check", "len-echo", `${correct}`, `${naive}`, "--lang", "en", ...LIMIT],
  );
  strictEqual(run.code, EXIT.checkFailed, run.stderr);
  const lines = run.stdout.trimEnd().split("\n");
  strictEqual(lines.filter((l) => /^(ok|FAIL) /.test(l)).length, 10);
  match(run.stdout, new RegExp(`^FAIL  ${naive}  stuck    sent "hello" and "world"`, "m"));
  deepStrictEqual(lines.slice(-4), [
    "target  plain  stuck  split  delayed  large",
    `${correct}   ok     ok     ok     ok       ok`,
    `${naive}   ok     FAIL   FAIL   ok       FAIL`,
    "len-echo: 2 targets, 10 cases: 7 passed, 3 failed",
  ]);
});

Deno.test("check --report json: a check event per case and a summary whose table and counts agree", async () => {
  await using cls = await startClass(["len-correct", "len-naive"]);
  const [correct, naive] = cls.ports;
  const run = await check(["len-echo", `${correct}`, `${naive}`, ...LIMIT]);
  strictEqual(run.cases.length, 10);
  const { summary } = run;
  strictEqual(summary.cases, run.cases.length);
  strictEqual(summary.passed, run.cases.filter((c) => c.passed).length);
  strictEqual(summary.failed, run.cases.filter((c) => !c.passed).length);
  deepStrictEqual(summary.ways, WAYS);
  for (const c of run.cases) {
    strictEqual(run.table()[c.target][c.way], c.passed ? "pass" : "fail");
  }
});

Deno.test("check stopped by Ctrl-C before its end: exit 130; JUnit lists the cases not run as skipped, TAP bails out; nothing reads as passed", async () => {
  await using cls = await startClass(["len-correct", "silent"]);
  const [correct, silent] = cls.ports;
  // The silent server holds its first case for a minute: the check is stopped long before.
  const args = ["check", "len-echo", `${correct}`, `${silent}`, "--timeout", "60000"];

  // TAP, as a grader runs it (a process, Ctrl-C a SIGINT), stopped once the correct server's
  // five cases are in: they stay, the silent server's are not run.
  await using tap = new Framecat([...args, "--report", "tap"], { process: true, keepStdout: true });
  await tap.waitFor(() => (tap.stdout.match(/^ok \d+ - /gm)?.length ?? 0) >= 5, 15_000, "5 cases");
  strictEqual((await tap.stop("SIGINT")).code, EXIT.checkStopped, tap.stderr);
  const parsed = JSON.parse(new TextDecoder().decode(
    await output("perl", ["-e", READ_TAP], { stdin: tap.stdout }),
  ));
  deepStrictEqual([parsed.plan, parsed.passed, parsed.failed], ["1..10", 5, 0]);
  strictEqual(parsed.good_plan, 0, "five of the ten planned: TAP::Parser counts the run as failed");
  match(
    parsed.bailout,
    /^len-echo: 2 targets, 5 cases: 5 passed, 0 failed; stopped before 5 more cases: not a whole check$/,
  );

  // JUnit (written at the end), stopped whenever: whatever had not run by then is skipped, and
  // the totals still add up; the silent server's cases are all skipped.
  await using junit = new Framecat([...args, "--report", "junit"], { keepStdout: true });
  strictEqual((await junit.stop("SIGINT")).code, EXIT.checkStopped, junit.stderr);
  const doc = JSON.parse(await python(READ_JUNIT, [], { stdin: junit.stdout }));
  const cases = doc.suites.flatMap((s: { cases: unknown[] }) => s.cases);
  const skipped = cases.filter((c: { skipped: string | null }) => c.skipped !== null);
  deepStrictEqual([doc.tests, doc.failures, doc.skipped], ["10", "0", String(skipped.length)]);
  strictEqual(cases.length, 10);
  const quiet = doc.suites.find((s: { name: string }) => s.name === `${silent}`);
  deepStrictEqual(
    quiet.cases.map((c: { name: string; skipped: string }) => [c.name, c.skipped]),
    WAYS.map((way) => [way, "not run: the check was stopped before this case"]),
  );
  strictEqual(quiet.skipped, "5");
});

Deno.test("check --lang zh: the conversation's messages in the JSON, JUnit and TAP reports are Chinese too", async () => {
  await using cls = await startClass(["exec-naive"]);
  const [naive] = cls.ports;
  const args = ["json-exec", `${naive}`, "--ways", "plain", "--lang", "zh", ...LIMIT];
  // The naive server's stderr is read as the next reply's header: an error in the conversation.
  const json = await check(args);
  const said = conversation(json.of(naive, "plain")).filter((e) => e.event === "error")
    .map((e) => e.message as string);
  ok(said.length > 0, "an error in the conversation");
  for (const m of said) match(m, /无法解码/);
  for (const report of ["junit", "tap"]) {
    const run = await runFramecat(["check", ...args, "--report", report]);
    strictEqual(run.code, EXIT.checkFailed, run.stderr);
    match(run.stdout, /message=无法解码/);
    ok(!run.stdout.includes("Cannot decode"), run.stdout);
  }
});

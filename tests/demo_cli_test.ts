/** framecat demo as users run it: the list, a bad name, each demo's NDJSON, the text page. */
import assert from "node:assert/strict";
import { DEMOS } from "../lib/demo/catalog.ts";
import { CHECKS } from "./demo_checks.ts";
import { runFramecat } from "./helpers/cli.ts";

const NAMES = DEMOS.map((d) => d.name);

Deno.test("framecat demo lists the demos, one line each", async () => {
  const r = await runFramecat(["demo", "--lang", "en"]);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 1 + NAMES.length, "a header, then one line per demo");
  NAMES.forEach((name, i) => assert.match(lines[i + 1], new RegExp(`^  ${name} +\\S`)));
});

Deno.test("framecat demo --output json lists the demos as info events", async () => {
  const r = await runFramecat(["demo", "--output", "json", "--lang", "zh"]);
  assert.equal(r.code, 0);
  assert.deepEqual(r.events.map((e) => e.demo), NAMES);
  assert.ok(
    r.events.every((e) => e.event === "info" && /[\u4e00-\u9fff]/.test(e.message)),
  );
});

Deno.test("framecat demo with an unknown name names the demos (exit 2)", async () => {
  const r = await runFramecat(["demo", "stickyy"]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /Cannot run the demo "stickyy": expected one of sticky, nagle, split, .*, or all/,
  );
  assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/, "no stack trace");
});

for (const name of NAMES) {
  Deno.test(`framecat demo ${name} --output json shows the effect`, async () => {
    const r = await runFramecat(["demo", name, "--output", "json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.events.every((e) => e.demo === name && typeof e.ts === "string"));
    CHECKS[name](r.events);
  });
}

Deno.test("framecat demo sticky draws the timeline, no colour off a terminal", async () => {
  const r = await runFramecat(["demo", "sticky", "--lang", "en"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /sender \(writes\) +│ receiver \(reads\)/);
  assert.match(r.stdout, /│ send #1 {2}5 B {2}"hello" +│\n/);
  assert.match(r.stdout, /│ +│ read #1 {2}10 B {2}"helloworld"\n/);
  assert.ok(!r.stdout.includes("\x1b["), "no ANSI escape");
  // Its cause is the reader's (cause 1); Nagle's merging is the sender's (cause 2, demo nagle).
  const text = `${r.stdout}${r.stderr}`.replace(/\s+/g, " ");
  assert.match(text, /falls behind the writer \(a slow or busy server\)/);
  assert.match(text, /The sender can merge sends too \(Nagle's algorithm\): the other cause/);
});

Deno.test("framecat demo --lang zh narrates in Chinese", async () => {
  const r = await runFramecat(["demo", "udp-truncate", "--lang", "zh"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /读取 #1 {2}1400 B 只读到 512 B/);
  assert.match(r.stdout, /· 其余 888 B 没了/);
});

Deno.test("framecat demo takes its language from LANG", async () => {
  const r = await runFramecat(["demo"], { env: { LANG: "zh_CN.UTF-8", LC_ALL: "" } });
  assert.match(r.stdout, /粘包/);
  assert.match(r.stdout, /演示/);
});

Deno.test("framecat demo lists the demos fitted to a 60-column window, each summary under itself", async () => {
  const { Terminal } = await import("../lib/display/terminal.ts");
  const { runCommandLine } = await import("../lib/commands/command_line.ts");
  const { displayWidth } = await import("../lib/demo/text.ts");
  for (const lang of ["en", "zh"]) {
    const written: string[] = [];
    const screen = {
      isTerminal: () => true,
      writeSync: (p: Uint8Array) => (written.push(new TextDecoder().decode(p)), p.length),
    };
    const terminal = new Terminal({ stdout: screen, stderr: screen, columns: () => 60 });
    const code = await runCommandLine(["demo", "--lang", lang], {
      terminal,
      signal: new AbortController().signal,
    });
    assert.equal(code, 0);
    const lines = written.join("").trimEnd().split("\n");
    const wide = lines.filter((l) => displayWidth(l) > 60);
    assert.deepEqual(wide, [], `${lang}: lines wider than the window`);
    // Every demo named at the start of a line, its summary's other lines under the summary.
    for (const d of DEMOS) assert.ok(lines.some((l) => l.startsWith(`  ${d.name} `)), d.name);
    const indent = lines.filter((l) => /^ {3}/.test(l)).map((l) => /^ */.exec(l)![0].length);
    assert.ok(indent.length > 0 && indent.every((n) => n === indent[0]), `${lang}: ${indent}`);
  }
});

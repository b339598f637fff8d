/**
 * The command lines README.md shows, read from README.md itself, grouped into
 * the scenarios its `<!-- smoke … -->` markers describe, so the smoke suite
 * and the README cannot drift apart.
 *
 * A marker claims the unit after it: the next fenced block (each line a
 * command; a `python` block is one program), the next table (each row a
 * scenario of its own, its commands the `framecat …` code spans of the row),
 * or the text up to the next blank line, the first line indented less than the
 * marker, or the next marker (the `framecat …` code spans in it). Its first
 * line is `smoke [NAME]`: units with the same NAME make one scenario, in README
 * order. The lines after it say what the README leaves to the reader (N is a
 * command's number in its scenario, from 1):
 *
 *   setup: SHELL        run first, in the scenario's folder (make the files it names)
 *   net: IP-ARGS        `ip -n NS IP-ARGS` in the scenario's network namespace
 *   peer: SHELL         a peer started before the commands (runs until the end)
 *   client [N]: SHELL   a command run after the Nth command (or after them all), to its end
 *   check: SHELL        run after everything stopped: must exit 0
 *   stdin N: TEXT       the Nth command's input (`\n` escapes); none otherwise
 *   expect [N]: REGEX   the Nth command's output (or the scenario's) matches
 *   exit N: CODE        the Nth command's exit code (default 0)
 *   stop N: MS          Ctrl-C the Nth command after MS, as a user stops a long run
 *   until N: M          Ctrl-C the Nth (background) command before command M starts
 *   skip: REASON        claimed, not run
 *   [ROW]               in a table's marker: the lines after it are that row's
 *
 * In a value, `[ROW]` stands for the second cell's command in that row of the
 * table (a peer the table itself names: nc or socat). A command that runs
 * until stopped (serve, relay, sink, web, a line ending in `&`) is started in
 * the background and waited for until it listens.
 *
 * A `framecat …` span or block line that no marker claims is an error, unless
 * it is a synopsis (holds `…` or a placeholder such as PORT or NAME) or names
 * a command in prose (`framecat schema`, no arguments).
 */

export interface Step {
  /** The command as the README writes it (continuation lines joined). */
  command: string;
  background: boolean;
  /** Its README line (1-based). */
  line: number;
  /** Its standard input (a python block is run as `python3 -` with the block as input). */
  input?: string;
}

export interface Scenario {
  name: string;
  line: number;
  setup: string[];
  net: string[];
  peers: string[];
  steps: Step[];
  /** Commands run to their end (exit 0) after command `after`, or after them all. */
  clients: Array<{ after?: number; command: string }>;
  checks: string[];
  stdin: Map<number, string>;
  expects: Array<{ step?: number; pattern: RegExp }>;
  exits: Map<number, number>;
  stops: Map<number, number>;
  /** Background command N is stopped (Ctrl-C) before command M starts. */
  untils: Map<number, number>;
  skip?: string;
}

export interface ReadmeScenarios {
  scenarios: Scenario[];
  /** `framecat …` commands no marker claims, as `line: command`. */
  unclaimed: string[];
}

const SYNOPSIS =
  /…|\.\.\.|(?<![-:\w])(COMMAND|CHECK|TARGET|NAME|PORT|MS|N|S|FILE|ENDPOINT)(?![-\w])/;
const LONG_RUNNING = /^framecat (serve|relay|sink|web)\b/;

/** The scenarios of `readme` (its text). */
export function readmeScenarios(readme: string): ReadmeScenarios {
  const lines = readme.split("\n");
  const fenced = fencedLines(lines);
  const claimed = new Set<number>();
  const named = new Map<string, Scenario>();
  const scenarios: Scenario[] = [];
  const add = (name: string, line: number): Scenario => {
    let scenario = named.get(name);
    if (!scenario) {
      scenario = emptyScenario(name, line);
      named.set(name, scenario);
      scenarios.push(scenario);
    }
    return scenario;
  };

  for (let i = 0; i < lines.length; i++) {
    if (fenced[i] || !/^\s*<!-- smoke\b/.test(lines[i])) continue;
    const end = lines.findIndex((l, j) => j >= i && l.includes("-->"));
    const body = lines.slice(i, end + 1).join("\n").replace(/^\s*<!--\s*/, "").replace(
      /\s*-->\s*$/,
      "",
    );
    const [head, ...clauses] = body.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    // `smoke NAME (anything else on the line is a note for readers)`
    const name = head.split(/\s+/)[1] ?? `line ${i + 1}`;
    const indent = lines[i].search(/\S/);
    let at = end + 1;
    while (at < lines.length && lines[at].trim() === "") at++;

    if (lines[at]?.trimStart().startsWith("```")) {
      const close = lines.findIndex((l, j) => j > at && l.trimStart().startsWith("```"));
      const scenario = add(name, i + 1);
      if (lines[at].trim() === "```python") {
        // A program the README shows: run as written, by python3.
        const code = lines.slice(at + 1, close).map((l) => l.slice(indent)).join("\n");
        scenario.steps.push({ command: "python3 -", background: false, line: at + 2, input: code });
      } else {
        for (const step of blockSteps(lines, at + 1, close)) scenario.steps.push(step);
      }
      for (let j = at; j <= close; j++) claimed.add(j);
      applyClauses(scenario, clauses, new Map());
    } else if (lines[at]?.startsWith("|")) {
      let last = at;
      while (lines[last + 1]?.startsWith("|")) last++;
      const rows = lines.slice(at + 2, last + 1).map((row, k) => ({
        cells: splitRow(row),
        line: at + 3 + k,
      }));
      const peers = new Map(rows.map((r) => [r.cells[0], spans(r.cells[1] ?? "")[0] ?? ""]));
      const byRow = rowClauses(clauses);
      for (const row of rows) {
        const scenario = add(`${name}: ${row.cells[0]}`, row.line);
        for (const cell of row.cells.slice(2)) {
          for (const command of spans(cell).filter(isCommand)) {
            scenario.steps.push(step(command, row.line));
          }
        }
        applyClauses(scenario, [...byRow.shared, ...(byRow.rows.get(row.cells[0]) ?? [])], peers);
      }
      for (let j = at; j <= last; j++) claimed.add(j);
    } else {
      const scenario = add(name, i + 1);
      for (let j = at; j < lines.length; j++) {
        const l = lines[j];
        if (l.trim() === "" || (j > at && l.search(/\S/) < indent) || /^\s*<!-- smoke\b/.test(l)) {
          break;
        }
        for (const command of spans(l).filter(isCommand)) scenario.steps.push(step(command, j + 1));
        claimed.add(j);
      }
      applyClauses(scenario, clauses, new Map());
    }
    i = end;
  }

  const unclaimed: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (claimed.has(i)) continue;
    const commands = fenced[i] === "sh"
      ? [lines[i].replace(/\s+#\s.*$/, "").trim()].filter(isFramecat)
      : fenced[i]
      ? []
      : spans(lines[i]).filter(isCommand);
    for (const c of commands) unclaimed.push(`${i + 1}: ${c}`);
  }
  return { scenarios, unclaimed };
}

function emptyScenario(name: string, line: number): Scenario {
  return {
    name,
    line,
    setup: [],
    net: [],
    peers: [],
    steps: [],
    clients: [],
    checks: [],
    stdin: new Map(),
    expects: [],
    exits: new Map(),
    stops: new Map(),
    untils: new Map(),
  };
}

/** For each line, the language of the fenced block it is in ("" for none given), or undefined. */
function fencedLines(lines: string[]): Array<string | undefined> {
  const inside: Array<string | undefined> = [];
  let lang: string | undefined;
  for (const line of lines) {
    if (line.trimStart().startsWith("```")) {
      inside.push(lang ?? "fence");
      lang = lang === undefined ? (line.trim().slice(3).split(/\s/)[0] ?? "") : undefined;
      continue;
    }
    inside.push(lang);
  }
  return inside;
}

/** The commands of a fenced block: `\` continuations joined, `# comments` dropped. */
function blockSteps(lines: string[], from: number, to: number): Step[] {
  const steps: Step[] = [];
  for (let j = from; j < to; j++) {
    const first = j;
    let text = lines[j].trim();
    while (text.endsWith("\\") && j + 1 < to) text = text.slice(0, -1) + lines[++j].trim();
    const command = text.replace(/\s+#\s.*$/, "").trim();
    if (command === "" || command.startsWith("#")) continue;
    steps.push(step(command, first + 1));
  }
  return steps;
}

function step(text: string, line: number): Step {
  const command = text.replace(/\s*&$/, "");
  return { command, background: command !== text || LONG_RUNNING.test(command), line };
}

/** The cells of a table row, `\|` kept as `|`. */
function splitRow(row: string): string[] {
  return row.replace(/\\\|/g, "\u0000").split("|").slice(1, -1).map((c) =>
    c.trim().replaceAll("\u0000", "|")
  );
}

/** The code spans of a line. */
function spans(line: string): string[] {
  return [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

const isFramecat = (span: string) => /^framecat \S/.test(span);
/**
 * A `framecat …` span that is a command to run: not a synopsis, and not a command named in
 * prose (`framecat schema`, no arguments).
 */
const isCommand = (span: string) =>
  isFramecat(span) && !SYNOPSIS.test(span) && !/^framecat [a-z]+$/.test(span);

function rowClauses(clauses: string[]) {
  const shared: string[] = [];
  const rows = new Map<string, string[]>();
  let current = shared;
  for (const clause of clauses) {
    const row = /^\[(.+)\]$/.exec(clause);
    if (row) rows.set(row[1], current = []);
    else current.push(clause);
  }
  return { shared, rows };
}

/** Applies `key [N]: value` clauses; `[ROW]` in a value is that row's peer cell. */
function applyClauses(scenario: Scenario, clauses: string[], peers: Map<string, string>): void {
  for (const clause of clauses) {
    const m = /^([a-z]+)(?:\s+(\d+))?:\s*(.*)$/.exec(clause);
    if (!m) throw new SyntaxError(`Cannot read the smoke clause "${clause}" (${scenario.name})`);
    const [, key, n, raw] = m;
    const value = raw.replace(/\[([^\]]+)\]/g, (whole, row) => peers.get(row) || whole);
    const index = n === undefined ? undefined : Number(n);
    const numbered = () => {
      if (index === undefined) throw new SyntaxError(`"${key}" needs a command number`);
      return index;
    };
    switch (key) {
      case "setup":
      case "net":
      case "check":
        scenario[key === "setup" ? "setup" : key === "net" ? "net" : "checks"].push(value);
        break;
      case "peer":
        scenario.peers.push(value);
        break;
      case "client":
        scenario.clients.push({ after: index, command: value });
        break;
      case "stdin":
        scenario.stdin.set(numbered(), value.replaceAll("\\n", "\n").replaceAll("\\r", "\r"));
        break;
      case "expect":
        scenario.expects.push({ step: index, pattern: new RegExp(value) });
        break;
      case "exit":
        scenario.exits.set(numbered(), Number(value));
        break;
      case "stop":
        scenario.stops.set(numbered(), Number(value));
        break;
      case "until":
        scenario.untils.set(numbered(), Number(value));
        break;
      case "skip":
        scenario.skip = value;
        break;
      default:
        throw new SyntaxError(`Unknown smoke clause "${key}" (${scenario.name})`);
    }
  }
}

/**
 * Fails when modules under lib/ import each other in a circle, type imports
 * included: dependencies point down only. The graph is Deno's own
 * (`deno info --json`), from main.ts and from every lib/ file it does not
 * reach. Run by `deno task ok`; prints each cycle as a path.
 */
const LIB = new URL("../lib/", import.meta.url).href;
const ROOT = new URL("../", import.meta.url).pathname;

interface InfoModule {
  specifier: string;
  dependencies?: Array<{ code?: { specifier: string }; type?: { specifier: string } }>;
}

/** lib/ module → the lib/ modules it imports (code or types). */
type Graph = Map<string, Set<string>>;

async function addInfo(graph: Graph, root: string): Promise<void> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", root],
    cwd: ROOT,
  }).output();
  if (code !== 0) throw new Error(`deno info ${root} failed: ${new TextDecoder().decode(stderr)}`);
  const info = JSON.parse(new TextDecoder().decode(stdout)) as { modules: InfoModule[] };
  for (const m of info.modules) {
    if (!m.specifier.startsWith(LIB)) continue;
    const deps = graph.get(m.specifier) ?? new Set<string>();
    for (const d of m.dependencies ?? []) {
      for (const target of [d.code?.specifier, d.type?.specifier]) {
        if (target?.startsWith(LIB)) deps.add(target);
      }
    }
    graph.set(m.specifier, deps);
  }
}

async function libFiles(dir = new URL(LIB)): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) files.push(...await libFiles(url));
    else if (entry.name.endsWith(".ts")) files.push(url.href);
  }
  return files;
}

/** The strongly connected components with more than one module, or a module importing itself. */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || graph.get(v)?.has(v)) found.push(scc);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One circle through the component, as `a.ts → b.ts → a.ts`. */
function circle(graph: Graph, scc: string[]): string {
  const members = new Set(scc);
  const path = [scc[0]];
  const seen = new Set(path);
  while (true) {
    const next = [...graph.get(path.at(-1)!)!].find((w) => members.has(w));
    path.push(next!);
    if (seen.has(next!)) break;
    seen.add(next!);
  }
  const start = path.indexOf(path.at(-1)!);
  return path.slice(start).map((s) => s.slice(LIB.length)).join(" → ");
}

export async function findCycles(): Promise<string[]> {
  const graph: Graph = new Map();
  await addInfo(graph, "main.ts");
  for (const file of await libFiles()) if (!graph.has(file)) await addInfo(graph, file);
  return cycles(graph).map((scc) => circle(graph, scc));
}

if (import.meta.main) {
  const found = await findCycles();
  for (const c of found) console.error(`import cycle under lib/: ${c}`);
  if (found.length > 0) Deno.exit(1);
  console.log("no import cycles under lib/");
}

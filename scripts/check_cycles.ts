/**
 * Fails when modules under lib/ import each other in a circle, type imports
 * included, and when folders do (`options/` importing `web/` while `web/`
 * imports `options/`): dependencies point down only, for files and for the
 * layers they live in. The files directly in lib/ are one folder, `lib/`.
 * The graph is Deno's own (`deno info --json`), from main.ts and from every
 * lib/ file it does not reach. Run by `deno task ok`; prints each cycle as a
 * path, and for a folder cycle the imports that close it.
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

/** The folder a lib/ module lives in (`transport/`), or `lib/` for the files directly in it. */
function folderOf(module: string): string {
  const rest = module.slice(LIB.length);
  const slash = rest.indexOf("/");
  return slash < 0 ? "lib/" : rest.slice(0, slash + 1);
}

/** Folder → the other folders its modules import. */
export function folderGraph(graph: Graph): Graph {
  const folders: Graph = new Map();
  for (const [from, deps] of graph) {
    const own = folders.get(folderOf(from)) ?? new Set<string>();
    folders.set(folderOf(from), own);
    for (const to of deps) if (folderOf(to) !== folderOf(from)) own.add(LIB + folderOf(to));
  }
  // Keyed like modules (under LIB), so cycles() and circle() serve both.
  return new Map([...folders].map(([f, deps]) => [LIB + f, deps]));
}

/** The module imports that go from folder `a` to folder `b`, as `a/x.ts → b/y.ts`. */
function importsBetween(graph: Graph, a: string, b: string): string[] {
  const found: string[] = [];
  for (const [from, deps] of graph) {
    if (folderOf(from) !== a) continue;
    for (const to of deps) {
      if (folderOf(to) === b) found.push(`${from.slice(LIB.length)} → ${to.slice(LIB.length)}`);
    }
  }
  return found;
}

/** Each folder cycle as `a/ → b/ → a/`, with the imports that make each step. */
function folderCycles(graph: Graph): string[] {
  const folders = folderGraph(graph);
  return cycles(folders).map((scc) => {
    const path = circle(folders, scc);
    const steps = path.split(" → ");
    const why = steps.slice(1).flatMap((to, i) => importsBetween(graph, steps[i], to).slice(0, 3));
    return `${path} (${why.join("; ")})`;
  });
}

/** Module cycles, then folder cycles, each one line. */
export async function findCycles(): Promise<{ modules: string[]; folders: string[] }> {
  const graph: Graph = new Map();
  await addInfo(graph, "main.ts");
  for (const file of await libFiles()) if (!graph.has(file)) await addInfo(graph, file);
  return {
    modules: cycles(graph).map((scc) => circle(graph, scc)),
    folders: folderCycles(graph),
  };
}

if (import.meta.main) {
  const { modules, folders } = await findCycles();
  for (const c of modules) console.error(`import cycle under lib/: ${c}`);
  for (const c of folders) console.error(`folder cycle under lib/: ${c}`);
  if (modules.length + folders.length > 0) Deno.exit(1);
  console.log("no import cycles under lib/, between files or between folders");
}

/**
 * Memory an idle connection costs `framecat serve` (echo): its resident memory
 * (VmRSS in /proc, Linux only) with 1,000 and then 10,000 clients that have
 * each sent ten lines, read them echoed, and stay connected saying nothing.
 * The server runs as users run one for that many clients (`ulimit -n` raised
 * first). RSS does not move with the machine's load. Two figures at each
 * count: as soon as RSS stops growing (what tests/serial/idle_memory_test.ts
 * bounds), and after QUIET_MS with nothing to do, once V8 has given back the
 * young generation it grew while the clients connected. The aim: ≤ 8 KB per
 * connection at 10,000 (issue 25).
 * Run: deno run --quiet -P bench/idle_memory.ts
 */
import { Framecat } from "../tests/helpers/cli.ts";
import { idleMemory } from "../tests/helpers/idle_clients.ts";
import { printAim, printTable } from "./helpers.ts";

const COUNTS = [1000, 10_000];
/** Descriptors the server may open: the clients, and room to spare. */
const NOFILE = 12_000;
/** How long the server is left idle at each count: V8's memory reducer acts after about 25 s. */
const QUIET_MS = 40_000;
/** The aim, in bytes per idle connection. */
const AIM = 8000;

const { framecat: server, port } = await Framecat.listening(
  ["serve", "127.0.0.1:0", "--output", "json", "-q"],
  { process: true, wrap: ["sh", "-c", `ulimit -n ${NOFILE} && exec "$0" "$@"`] },
);
await using _ = server;
const { base, baseQuiet, at } = await idleMemory(server.pid, port, COUNTS, QUIET_MS);
const mib = (b: number) => (b / 2 ** 20).toFixed(1);
const bytes = (b: number) => `${b.toFixed(0)} B`;
console.log(`framecat serve (echo), idle clients that each sent 10 lines; RSS from /proc`);
printTable(
  ["clients", "RSS MiB", "per client", `RSS MiB after ${QUIET_MS / 1000} s idle`, "per client"],
  [
    ["0", mib(base), "-", mib(baseQuiet), "-"],
    ...at.map((m) => [
      `${m.clients}`,
      mib(m.rss),
      bytes(m.perClient),
      mib(m.quiet!.rss),
      bytes(m.quiet!.perClient),
    ]),
  ],
);
const last = at.at(-1)!;
const connecting = (last.rss - base) / last.clients;
const idle = (last.quiet!.rss - baseQuiet) / last.clients;
console.log(
  `\nmemory per idle connection at ${last.clients} clients, (RSS − RSS with none) / clients: ` +
    `${bytes(connecting)} once RSS stops growing, ${bytes(idle)} after ${QUIET_MS / 1000} s idle`,
);
printAim(
  `memory per idle connection at ${last.clients}, once RSS stops growing / ${AIM} B`,
  connecting / AIM,
  {
    atMost: 1,
  },
);
printAim(
  `memory per idle connection at ${last.clients}, after ${QUIET_MS / 1000} s idle / ${AIM} B`,
  idle / AIM,
  {
    atMost: 1,
  },
);

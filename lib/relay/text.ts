/**
 * The relay's sentences for `--output text`: its connections and sessions,
 * each fault it applied, and its closing figures. They register with the
 * reporter by event kind (commands/relay.ts), over display's defaults.
 */
import type { FcEvent } from "../events/types.ts";
import { exactBytes } from "../display/size.ts";
import { count, type Fields, listeningOn, type Sentences } from "../display/text_line.ts";

export const RELAY_SENTENCES: Sentences = {
  listening: (_ev, f) => {
    f.take("seed"); // said by its own line when drawn at random
    return `${listeningOn(f)}, forwarding to ${f.str("target")}`;
  },
  connected,
  closed,
  stats: (_ev, f) => relayStats(f),
  fault,
};

function connected(_ev: FcEvent, f: Fields): string {
  const target = f.str("target");
  const session = f.num("session");
  if (session !== undefined) return `new session #${session}, forwarding to ${target}`;
  return `connected #${f.num("connection")}, forwarding to ${target}`;
}

function closed(_ev: FcEvent, f: Fields): string {
  const reason = f.str("reason") ?? "";
  const message = f.str("message");
  const id = f.num("connection") ?? f.num("session");
  f.take("side"); // the message names the side that failed
  return `closed #${id}: ${message ?? reason}; ${relayTotals(f)}`;
}

/** The relay's closing figures: what went through, then each fault that happened. */
function relayStats(f: Fields): string {
  f.take("seed");
  const transport = f.str("transport");
  const head = `stats (${transport} relay)`;
  if (transport === "udp") {
    const evicted = f.num("evicted") ?? 0;
    const sessions = `${count(f.num("sessions") ?? 0, "session")} (${
      f.num("expired") ?? 0
    } expired${evicted ? `, ${evicted} evicted at the cap` : ""})`;
    const faults = happened(f, [
      ["dropped", (n) => `${n} dropped`],
      ["duplicated", (n) => `${n} duplicated`],
      ["reordered", (n) => `${n} reordered`],
      ["truncated", (n) => `${n} truncated`],
      ["delayed", (n) => `${n} delayed`],
      ["overflowed", (n) => `${n} dropped for want of room (overflowed)`],
    ]);
    return `${head}: ${sessions}; ${relayTotals(f)}; ${faults}`;
  }
  const connections = count(f.num("connections") ?? 0, "connection");
  const reads = f.num("coalesced_reads") ?? 0;
  const throttled = f.num("throttled_ms") ?? 0;
  const faults = happened(f, [
    ["slices", (n) => count(n, "sliced write")],
    ["coalesced_writes", (n) => `${count(reads, "read")} coalesced into ${count(n, "write")}`],
    ["delayed", (n) => `${n} delayed`],
    ["rate_waits", (n) => `${count(n, "wait")} for --rate (${throttled} ms)`],
    ["closes", (n) => `${n} closed`],
    ["resets", (n) => `${n} reset`],
    ["stalls", (n) => `${n} stalled`],
  ]);
  f.take("coalesced_reads");
  f.take("throttled_ms");
  return `${head}: ${connections}; ${relayTotals(f)}; ${faults}`;
}

/** `18 B up, 18 B down` or `10 datagrams up (38 B), 9 down (27 B)`. */
function relayTotals(f: Fields): string {
  const dgramsUp = f.num("datagrams_up");
  const dgramsDown = f.num("datagrams_down");
  const up = f.num("bytes_up");
  const down = f.num("bytes_down");
  if (dgramsUp === undefined) return `${exactBytes(up ?? 0)} up, ${exactBytes(down ?? 0)} down`;
  const bytes = (n?: number) => (n === undefined ? "" : ` (${exactBytes(n)})`);
  return `${count(dgramsUp, "datagram")} up${bytes(up)}, ${dgramsDown ?? 0} down${bytes(down)}`;
}

/** `5 dropped, 3 reordered` for the counters above zero, or `no faults`. */
function happened(f: Fields, counters: Array<[string, (n: number) => string]>): string {
  const seen = counters
    .map(([key, say]) => [f.num(key) ?? 0, say] as const)
    .filter(([n]) => n > 0)
    .map(([n, say]) => say(n));
  return seen.length > 0 ? seen.join(", ") : "no faults";
}

/** One fault the relay applied, as a sentence: `#1 up: sliced chunk 1 (18 B) into 9 writes`. */
function fault(_ev: FcEvent, f: Fields): string {
  const kind = f.str("fault");
  const direction = f.str("direction");
  const session = f.num("session");
  const id = f.num("connection") ?? session;
  const seq = f.num("seq");
  const bytes = f.num("bytes") ?? 0;
  const unit = `${session !== undefined ? "datagram" : "chunk"} ${seq ?? "?"}`;
  const sized = `${unit} (${bytes} B)`;
  const what: Record<string, () => string> = {
    drop: () => `dropped ${sized}`,
    dup: () => `duplicated ${sized}`,
    reorder: () => {
      const passed = f.num("passed") ?? 0;
      return `reordered ${sized}: ${count(passed, "later one")} went first`;
    },
    truncate: () => `truncated ${unit} from ${bytes} B to ${f.num("kept")} B`,
    delay: () => `delayed ${sized} by ${f.num("ms")} ms`,
    slice: () => `sliced ${sized} into ${f.num("pieces")} writes`,
    coalesce: () => `coalesced ${count(f.num("reads") ?? 0, "read")} (${bytes} B) into one write`,
    rate: () => `held ${sized} ${f.num("waited_ms")} ms for --rate`,
    close: () => `closed both sides after ${exactBytes(bytes)} (--close-after)`,
    reset: () =>
      `reset both sides after ${exactBytes(bytes)} (--reset-after${
        f.take("rst") ? ", a real RST" : ""
      })`,
    stall: () => `stalled after ${exactBytes(bytes)} (--stall-after): nothing more is forwarded`,
  };
  const sentence = kind !== undefined && what[kind] ? what[kind]() : `${kind} ${sized}`;
  return `fault #${id ?? "?"} ${direction ?? ""}: ${sentence}`;
}

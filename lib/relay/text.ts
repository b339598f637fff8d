/**
 * The relay's sentences for `--output text`: its connections and sessions,
 * each fault it applied, and its closing figures. They register with the
 * reporter by event kind (commands/relay.ts), over display's defaults.
 */
import type { EventOf, FaultName } from "../events/types.ts";
import { exactBytes } from "../display/size.ts";
import { count, listeningOn, type Sentences } from "../display/text_line.ts";

export const RELAY_SENTENCES: Sentences = {
  listening: {
    say: (ev) => `${listeningOn(ev)}, forwarding to ${ev.target}`,
    // The seed has its own line when drawn at random.
    says: ["address", "transport", "message", "port", "target", "seed"],
  },
  connected: {
    say: (ev) =>
      ev.session !== undefined
        ? `new session #${ev.session}, forwarding to ${ev.target}`
        : `connected #${ev.connection}, forwarding to ${ev.target}`,
    says: ["session", "connection", "target"],
  },
  closed: {
    // The message names the side that failed.
    say: (ev) =>
      `closed #${ev.connection ?? ev.session}: ${ev.message ?? ev.reason}; ${relayTotals(ev)}`,
    says: "all",
  },
  stats: { say: relayStats, says: "all" },
  fault: { say: fault, says: "all" },
};

/** The relay's closing figures: what went through, then each fault that happened. */
function relayStats(ev: EventOf<"stats">): string {
  switch (ev.kind) {
    case "relay_udp": {
      const evicted = ev.evicted ? `, ${ev.evicted} evicted at the cap` : "";
      const sessions = `${count(ev.sessions, "session")} (${ev.expired} expired${evicted})`;
      const faults = happened([
        [ev.dropped, (n) => `${n} dropped`],
        [ev.duplicated, (n) => `${n} duplicated`],
        [ev.reordered, (n) => `${n} reordered`],
        [ev.truncated, (n) => `${n} truncated`],
        [ev.delayed, (n) => `${n} delayed`],
        [ev.overflowed, (n) => `${n} dropped for want of room (overflowed)`],
      ]);
      return `stats (udp relay): ${sessions}; ${relayTotals(ev)}; ${faults}`;
    }
    case "relay": {
      const faults = happened([
        [ev.slices, (n) => count(n, "sliced write")],
        [
          ev.coalesced_writes,
          (n) => `${count(ev.coalesced_reads, "read")} coalesced into ${count(n, "write")}`,
        ],
        [ev.delayed, (n) => `${n} delayed`],
        [ev.rate_waits, (n) => `${count(n, "wait")} for --rate (${ev.throttled_ms} ms)`],
        [ev.closes, (n) => `${n} closed`],
        [ev.resets, (n) => `${n} reset`],
        [ev.stalls, (n) => `${n} stalled`],
      ]);
      return `stats (${ev.transport} relay): ${count(ev.connections, "connection")}; ${
        relayTotals(ev)
      }; ${faults}`;
    }
    default:
      return "stats";
  }
}

/** What went through a link or the whole relay, each way. */
interface Totals {
  bytes_up?: number;
  bytes_down?: number;
  datagrams_up?: number;
  datagrams_down?: number;
}

/** `18 B up, 18 B down` or `10 datagrams up (38 B), 9 down (27 B)`. */
function relayTotals(t: Totals): string {
  const { bytes_up: up, bytes_down: down } = t;
  if (t.datagrams_up === undefined) {
    return `${exactBytes(up ?? 0)} up, ${exactBytes(down ?? 0)} down`;
  }
  const bytes = (n?: number) => (n === undefined ? "" : ` (${exactBytes(n)})`);
  return `${count(t.datagrams_up, "datagram")} up${bytes(up)}, ${t.datagrams_down ?? 0} down${
    bytes(down)
  }`;
}

/** `5 dropped, 3 reordered` for the counters above zero, or `no faults`. */
function happened(counters: Array<[number, (n: number) => string]>): string {
  const seen = counters.filter(([n]) => n > 0).map(([n, say]) => say(n));
  return seen.length > 0 ? seen.join(", ") : "no faults";
}

/** One fault the relay applied, as a sentence: `#1 up: sliced chunk 1 (18 B) into 9 writes`. */
function fault(ev: EventOf<"fault">): string {
  const id = ev.connection ?? ev.session;
  const bytes = ev.bytes ?? 0;
  const unit = `${ev.session !== undefined ? "datagram" : "chunk"} ${ev.seq ?? "?"}`;
  const sized = `${unit} (${bytes} B)`;
  const what: Record<FaultName, () => string> = {
    drop: () => `dropped ${sized}`,
    dup: () => `duplicated ${sized}`,
    reorder: () => `reordered ${sized}: ${count(ev.passed ?? 0, "later one")} went first`,
    truncate: () => `truncated ${unit} from ${bytes} B to ${ev.kept} B`,
    delay: () => `delayed ${sized} by ${ev.ms} ms`,
    slice: () => `sliced ${sized} into ${ev.pieces} writes`,
    coalesce: () => `coalesced ${count(ev.reads ?? 0, "read")} (${bytes} B) into one write`,
    rate: () => `held ${sized} ${ev.waited_ms} ms for --rate`,
    close: () => `closed both sides after ${exactBytes(bytes)} (--close-after)`,
    reset: () =>
      `reset both sides after ${exactBytes(bytes)} (--reset-after${ev.rst ? ", a real RST" : ""})`,
    stall: () => `stalled after ${exactBytes(bytes)} (--stall-after): nothing more is forwarded`,
  };
  return `fault #${id ?? "?"} ${ev.direction}: ${what[ev.fault]()}`;
}

/**
 * The relay's sentences for `--output text`: its connections and sessions,
 * each fault it applied, and its closing figures. They register with the
 * reporter by event kind (commands/relay.ts), over display's defaults.
 */
import type { EventOf } from "../events/types.ts";
import { exactBytes } from "../display/size.ts";
import { listeningOn, listOf, type Sentences, told } from "../display/text_line.ts";
import { type Said, said } from "../i18n/say.ts";
import { faultSaid } from "../shared/fault_said.js";

export const RELAY_SENTENCES: Sentences = {
  listening: {
    say: (ev) => {
      const line = said("relay.listening", { on: listeningOn(ev), target: ev.target ?? "?" });
      // A TLS relay's certificate, as serve tls:// says its own.
      const { fingerprint } = ev;
      return fingerprint === undefined ? line : said("line.fingerprint", { line, fingerprint });
    },
    // The seed has its own line when drawn at random.
    says: ["address", "transport", "message", "port", "target", "seed", "fingerprint"],
  },
  connected: {
    say: (ev) =>
      ev.session !== undefined
        ? said("relay.session", { session: ev.session, target: ev.target ?? "?" })
        : said("relay.connection", { connection: ev.connection ?? "?", target: ev.target ?? "?" }),
    says: ["session", "connection", "target"],
  },
  closed: {
    // The message names the side that failed; a target never reached has had its error line.
    say: (ev) => {
      const id = ev.connection ?? ev.session ?? "?";
      if (ev.said?.key === "relay.target_unreached") return said("relay.closed_unreached", { id });
      const why = told(ev) ?? said(`relay.why.${ev.reason}`);
      return said("relay.closed", { id, why, totals: relayTotals(ev) });
    },
    says: "all",
  },
  stats: { say: relayStats, says: "all" },
  fault: { say: fault, says: "all" },
};

/** The relay's closing figures: what went through, then each fault that happened. */
function relayStats(ev: EventOf<"stats">): Said {
  switch (ev.kind) {
    case "relay_udp": {
      const sessions = ev.evicted
        ? said("relay.sessions_evicted", {
          sessions: ev.sessions,
          expired: ev.expired,
          evicted: ev.evicted,
        })
        : said("relay.sessions", { sessions: ev.sessions, expired: ev.expired });
      const faults = happened([
        [ev.dropped, (n) => said("relay.n_dropped", { n })],
        [ev.duplicated, (n) => said("relay.n_duplicated", { n })],
        [ev.reordered, (n) => said("relay.n_reordered", { n })],
        [ev.truncated, (n) => said("relay.n_truncated", { n })],
        [ev.delayed, (n) => said("relay.n_delayed", { n })],
        [ev.overflowed, (n) => said("relay.n_overflowed", { n })],
      ]);
      return said("relay.stats_udp", { sessions, totals: relayTotals(ev), faults });
    }
    case "relay": {
      const faults = happened([
        [ev.slices, (n) => said("relay.n_sliced", { n })],
        [ev.coalesced_writes, (n) => said("relay.n_coalesced", { reads: ev.coalesced_reads, n })],
        [ev.delayed, (n) => said("relay.n_delayed", { n })],
        [ev.rate_waits, (n) => said("relay.n_waits", { n, ms: ev.throttled_ms })],
        [ev.closes, (n) => said("relay.n_closed", { n })],
        [ev.resets, (n) => said("relay.n_reset", { n })],
        [ev.stalls, (n) => said("relay.n_stalled", { n })],
      ]);
      return said("relay.stats", {
        transport: said(`relay.transport.${ev.transport}`),
        connections: connectionsSaid(ev),
        totals: relayTotals(ev),
        faults,
      });
    }
    default:
      return said("line.stats");
  }
}

/** How many connections were relayed, and how many accepted were not, and why. */
function connectionsSaid(
  ev: { connections: number; unreached: number; handshakes_failed: number },
) {
  const { connections: n, unreached, handshakes_failed: failed } = ev;
  if (unreached && failed) {
    return said("relay.connections_unreached_handshake", { n, unreached, failed });
  }
  if (unreached) return said("relay.connections_unreached", { n, unreached });
  if (failed) return said("relay.connections_handshake", { n, failed });
  return said("relay.connections", { n });
}

/** What went through a link or the whole relay, each way. */
interface Totals {
  bytes_up?: number;
  bytes_down?: number;
  datagrams_up?: number;
  datagrams_down?: number;
}

/** `18 B up, 18 B down` or `38 B in 10 datagrams up, 27 B in 9 datagrams down` (no brackets: a size past a MiB brings its own). */
function relayTotals(t: Totals): Said {
  const up = exactBytes(t.bytes_up ?? 0);
  const down = exactBytes(t.bytes_down ?? 0);
  if (t.datagrams_up === undefined) return said("relay.bytes", { up, down });
  const datagrams = { up_n: t.datagrams_up, down_n: t.datagrams_down ?? 0 };
  return t.bytes_up === undefined
    ? said("relay.datagrams", datagrams)
    : said("relay.datagrams_bytes", { ...datagrams, up, down });
}

/** `5 dropped, 3 reordered` for the counters above zero, or `no faults`. */
function happened(counters: Array<[number, (n: number) => Said]>): Said {
  const seen = counters.filter(([n]) => n > 0).map(([n, say]) => say(n));
  return seen.length > 0 ? listOf(seen) : said("relay.no_faults");
}

/** One fault the relay applied, as a sentence (lib/shared/fault_said.js: the page's words too). */
function fault(ev: EventOf<"fault">): Said {
  return faultSaid(ev, exactBytes) as Said;
}

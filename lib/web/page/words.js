// @ts-check
// What the timeline's rows say, in the page's language, with framecat's own words (GET
// /api/words: lib/i18n/), so a row says what the terminal says, with the same word.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { say } from "shared/say.js";
import { faultSaid } from "shared/fault_said.js";
/**
 * @import { JsonEvent, JsonEventOf } from "../../events/types.ts"
 * @import { Said, Value } from "shared/say.js"
 * @import { Lang } from "./i18n.js"
 */

/**
 * framecat's catalogues by language, as GET /api/words sends them.
 * @typedef {Record<string, Readonly<Record<string, string>>>} Words
 */

/**
 * Says a key (with its values) or a sentence an event carries, in the page's language.
 * @typedef {(key: string | Said, vars?: Record<string, Value>) => string} Say
 */

export const WordsContext = createContext(/** @type {Words | undefined} */ (undefined));

/**
 * The sayer of the page's language: `s("ev.read", { n: 1 })`, or `s(said)` for a sentence an
 * event carries. English fills in a key the language lacks; before framecat has answered,
 * a key says nothing.
 */
/**
 * @param {Lang} lang
 * @returns {Say}
 */
export function useSay(lang) {
  const words = useContext(WordsContext);
  const mine = words?.[lang] ?? {};
  const en = words?.en ?? {};
  return (key, vars) => {
    if (!words) return "";
    return say(mine, typeof key === "string" ? { key, vars } : key, en);
  };
}

/**
 * framecat's refusal (an API answer's `{ error, said? }`): in the page's language when it carries
 * its sentence, else its English.
 * @param {{ error?: string, said?: Said }} answer
 * @param {Say} say
 * @returns {string}
 */
export function refusal(answer, say) {
  return answer.said ? say(answer.said) : answer.error ?? "";
}

/**
 * `tcp://127.0.0.1:9000`, `unix:/tmp/s`, or the address alone (a demo's).
 * @param {JsonEventOf<"listening">} ev
 */
function where(ev) {
  if (ev.transport === undefined) return ev.address;
  return `${ev.transport === "unix" ? "unix:" : `${ev.transport}://`}${ev.address}`;
}

/**
 * A peer's counters as words: `received 10 B in 1 read (2 frames), sent …`.
 * @param {{ reads?: number, frames?: number, sends?: number, bytes_in?: number, bytes_out?: number }} ev
 * @param {Say} s
 */
function traffic(ev, s) {
  // As the terminal: frames are named only when they are not the reads themselves.
  const framed = (ev.frames ?? 0) > 0 && ev.frames !== ev.reads;
  return s(framed ? "ev.traffic_frames" : "ev.traffic", {
    bytes_in: ev.bytes_in ?? 0,
    reads: ev.reads ?? 0,
    frames: ev.frames ?? 0,
    bytes_out: ev.bytes_out ?? 0,
    sends: ev.sends ?? 0,
  });
}

/**
 * What a row says about an event that carries no data (`listening`, `closed`, `error`…).
 * @param {JsonEvent} ev
 * @param {Say} s
 * @returns {string}
 */
export function sentence(ev, s) {
  switch (ev.event) {
    case "listening":
      return ev.behavior
        ? s("ev.listening_as", { where: where(ev), behavior: { key: `behavior.${ev.behavior}` } })
        : s("ev.listening", { where: where(ev) });
    case "connected":
      if (ev.target !== undefined) return s("ev.relayed", { target: ev.target });
      return ev.local ? s("ev.connected_local", { local: ev.local }) : s("ev.connected");
    case "closed": {
      const why = s(`closed.${ev.reason}`);
      return ev.reads === undefined ? why : s("ev.then", { first: why, then: traffic(ev, s) });
    }
    case "stats":
      return stats(ev, s);
    case "fault":
      // What the terminal says: `#1 up: sliced chunk 1 (18 B) into 9 writes`.
      return s(faultSaid(ev, (bytes) => `${bytes} B`));
    case "error":
      return ev.said ? s(ev.said) : ev.message;
    case "info":
      // Every info framecat says has its sentence (a note, a warning, a relay's seed…).
      return ev.said ? s(ev.said) : ev.message;
    case "check":
    case "summary":
    case "report":
    case "checksum":
      return ev.said ? s(ev.said) : ev.message;
    // Data events have their own rows (dataLabel).
    case "read":
    case "frame":
    case "sent":
      return fields(ev);
  }
}

/**
 * The counters of a run, by the stats' kind.
 * @param {JsonEventOf<"stats">} ev
 * @param {Say} s
 * @returns {string}
 */
function stats(ev, s) {
  switch (ev.kind) {
    case "demo":
      return s("ev.phase_done", { phase: { key: `phase.${ev.phase}` } });
    case "serve": {
      const first = s("ev.stats", { connections: ev.connections, errors: ev.errors });
      return s("ev.then", { first, then: traffic(ev, s) });
    }
    case "serve_udp": {
      const first = s("ev.stats_peers", { peers: ev.peers, errors: ev.errors });
      return s("ev.then", { first, then: traffic(ev, s) });
    }
    case "connect":
      // The terminal's words: `stats: received …`, labelled as a server's stats are.
      return s("line.stats_connect", { traffic: traffic(ev, s) });
    case "relay":
    case "relay_udp":
    case "web":
      return fields(ev);
  }
  // A log of an older framecat: its stats say no kind (a demo's still say their phase).
  const old = /** @type {{ phase?: string }} */ (ev);
  return old.phase ? s("ev.phase_done", { phase: { key: `phase.${old.phase}` } }) : fields(ev);
}

/**
 * An event no sentence knows, as `key=value`: nothing is hidden.
 * @param {object} ev
 */
function fields(ev) {
  return Object.entries(ev)
    .filter(([k]) => !["ts", "event", "kind", "peer", "demo", "phase", "role"].includes(k))
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
}

/**
 * The label of a data row: `read #1`, `frame #2`, `sent`, `sent in write #1 with 1 other`, or
 * a demo's span of numbered datagrams, `read seq 0–91: 92 × 1400 B`.
 * @param {JsonEventOf<"read" | "frame" | "sent">} ev
 * @param {Say} s
 */
export function dataLabel(ev, s) {
  if (ev.event !== "frame" && ev.datagrams !== undefined) {
    const range = ev.first_seq === ev.last_seq
      ? `${ev.first_seq}`
      : `${ev.first_seq}–${ev.last_seq}`;
    const vars = { range, count: ev.datagrams, size: ev.datagram_bytes ?? 0 };
    return s(ev.event === "read" ? "ev.read_span" : "ev.sent_span", vars);
  }
  if (ev.event === "read") return s("ev.read", { n: ev.read ?? "" });
  if (ev.event === "frame") return s("ev.frame", { n: ev.frame });
  if (ev.coalesced !== undefined) {
    const others = ev.coalesced - 1;
    return others === 0
      ? s("ev.sent_alone", { write: ev.write ?? "" })
      : s("ev.sent_together", { write: ev.write ?? "", others });
  }
  return ev.write !== undefined ? `${s("ev.sent")} #${ev.write}` : s("ev.sent");
}

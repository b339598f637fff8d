// @ts-check
// A session's peers with their counters and rates; choosing one sends to it, "all" to every one.
import { html } from "htm/preact";
import { useRef } from "preact/hooks";
import { peerHue, rate } from "./format.js";
import { counted } from "./i18n.js";
import { useStore } from "./use_store.js";
/**
 * @import { PeerSummary } from "../session.ts"
 * @import { Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 */

/**
 * A peer as the list shows it: its counters (zero until the session list is polled again).
 * @typedef {Pick<PeerSummary, "peer" | "bytes_in" | "bytes_out" | "frames" | "sends">} ShownPeer
 */

/** @typedef {{ in: number, out: number }} Rates */

/** The span a rate is measured over: a few polls, so a send each second reads as steady. */
const RATE_WINDOW_MS = 3000;

/**
 * Bytes per second in and out, per peer, over the polls of the last RATE_WINDOW_MS. Measured
 * between polls, at the times they were asked (not when the page redraws: an event redraws it
 * between polls, and a rate taken then read 0, and the next one twice the truth).
 * @param {ShownPeer[]} polledPeers the peers with counters, as the last poll gave them
 * @param {number | undefined} polled when that poll was asked (performance.now())
 */
function useRates(polledPeers, polled) {
  /** @type {{ current: Map<string, { at: number, in: number, out: number }[]> }} */
  const history = useRef(new Map());
  /** @type {Map<string, Rates>} */
  const rates = new Map();
  for (const p of polledPeers) {
    let samples = history.current.get(p.peer);
    if (!samples) history.current.set(p.peer, samples = []);
    if (polled !== undefined && samples.at(-1)?.at !== polled) {
      samples.push({ at: polled, in: p.bytes_in, out: p.bytes_out });
      // The window, with the last sample before it as its start.
      while (samples.length > 2 && polled - samples[1].at >= RATE_WINDOW_MS) samples.shift();
    }
    const first = samples[0];
    const last = samples.at(-1);
    const seconds = first && last ? (last.at - first.at) / 1000 : 0;
    rates.set(
      p.peer,
      first && last && seconds > 0
        ? { in: (last.in - first.in) / seconds, out: (last.out - first.out) / seconds }
        : { in: 0, out: 0 },
    );
  }
  const named = new Set(polledPeers.map((p) => p.peer));
  for (const name of history.current.keys()) if (!named.has(name)) history.current.delete(name);
  return rates;
}

/**
 * The peers to show: those the events say are connected, as soon as they say it, with the
 * counters of the last poll of the session list (once it has them); a peer whose `closed`
 * came is gone even if the poll still names it.
 * @param {Listed} session
 * @param {EventStore} store
 * @returns {ShownPeer[]}
 */
function livePeers(session, store) {
  /** @type {ShownPeer[]} */
  const listed = session.peers;
  const polled = listed.filter((p) => !store.gone.has(p.peer) || store.peers.has(p.peer));
  const named = new Set(polled.map((p) => p.peer));
  const fresh = [...store.peers].filter((name) => !named.has(name)).map((name) => ({
    peer: name,
    bytes_in: 0,
    bytes_out: 0,
    frames: 0,
    sends: 0,
  }));
  return [...polled, ...fresh];
}

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Listed} props.session
 * @param {EventStore} props.store
 * @param {string} props.chosen
 * @param {(peer: string) => void} props.onChoose
 */
export function Peers({ t, session, store, chosen, onChoose }) {
  useStore(store);
  const peers = livePeers(session, store);
  const rates = useRates(session.peers, session.log ? undefined : session.polled);
  /**
   * @param {string} name
   * @param {string} label
   * @param {ShownPeer} [p]
   */
  const row = (name, label, p) =>
    html`<label class=${`peer ${chosen === name ? "chosen" : ""}`} data-fc="peer" data-peer=${name}>
      <input type="radio" name="peer" checked=${chosen === name} onChange=${() => onChoose(name)} />
      <span class="peer-name" style=${name ? { "--peer-hue": peerHue(name) } : {}}>${label}</span>
      ${
      p
        ? html`<span class="counters">
            ${counted(t, "peer.in", p.frames, { bytes: p.bytes_in })} · ${
          rate(rates.get(name)?.in ?? 0)
        }${" | "}${counted(t, "peer.out", p.sends, { bytes: p.bytes_out })} · ${
          rate(rates.get(name)?.out ?? 0)
        }
          </span>`
        : ""
    }
    </label>`;
  return html`
    <fieldset class="peers">
      <legend>${t("peers")}</legend>
      ${peers.length === 0 ? html`<p class="hint">${t("noPeers")}</p>` : row("", t("allPeers"))}
      ${peers.map((p) => row(p.peer, p.peer, p))}
    </fieldset>
  `;
}

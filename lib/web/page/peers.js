// @ts-check
// A session's peers with their counters and rates; choosing one sends to it, "all" to every one.
// A chosen peer that left stays chosen, said to have left, until another choice is made.
import { html } from "htm/preact";
import { useRef } from "preact/hooks";
import { peerHue, rate } from "./format.js";
import { RateWindow } from "./rates.js";
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
 * Where each peer stands in the list: in the order the page first saw it, for as long as it
 * stays. A poll names the peers in the server's order, and the events add a peer at the end
 * until a poll names it; without this, a row could move from under the pointer between the
 * two. A peer that leaves gives up its place (the list holds only those shown).
 */
export class PeerOrder {
  /** @type {Map<string, number>} */
  #place = new Map();
  #next = 0;

  /**
   * The peers, each where it first came.
   * @template {{ peer: string }} P
   * @param {P[]} peers
   * @returns {P[]}
   */
  sort(peers) {
    const shown = new Set(peers.map((p) => p.peer));
    for (const name of this.#place.keys()) if (!shown.has(name)) this.#place.delete(name);
    for (const p of peers) if (!this.#place.has(p.peer)) this.#place.set(p.peer, this.#next++);
    const place = (/** @type {P} */ p) => this.#place.get(p.peer) ?? 0;
    return [...peers].sort((a, b) => place(a) - place(b));
  }
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
  const order = useRef(/** @type {PeerOrder | undefined} */ (undefined));
  order.current ??= new PeerOrder();
  const peers = order.current.sort(livePeers(session, store));
  const rateWindow = useRef(/** @type {RateWindow | undefined} */ (undefined));
  rateWindow.current ??= new RateWindow();
  const rates = rateWindow.current.measure(session.peers, session.log ? undefined : session.polled);
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
  // The peer chosen has left: it stays chosen, first under "all peers" and said to have left,
  // so that a send is refused as going to it ("it has left") and never goes to peers the user
  // did not choose; "all peers" or another peer is a click away. Should it come back (a UDP
  // peer at the same address) it is chosen as before.
  const left = chosen !== "" && !peers.some((p) => p.peer === chosen);
  return html`
    <fieldset class="peers">
      <legend>${t("peers")}</legend>
      ${peers.length === 0 ? html`<p class="hint">${t("noPeers")}</p>` : ""}
      ${peers.length === 0 && !left ? "" : row("", t("allPeers"))}
      ${left
        ? html`
          <label class="peer chosen" data-fc="peer-left" data-peer=${chosen} role="status">
            <input type="radio" name="peer" checked />
            <span class="peer-name" style=${{ "--peer-hue": peerHue(chosen) }}>${chosen}</span>
            <span class="counters">${t("peer.left")}</span>
          </label>
        `
        : ""}
      ${peers.map((p) => row(p.peer, p.peer, p))}
    </fieldset>
  `;
}

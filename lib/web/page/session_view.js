// @ts-check
// One session: what it runs, its peers and send box, and its timeline (stepped for demos
// and opened logs).
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { SessionHead } from "./session_head.js";
import { Peers } from "./peers.js";
import { SendBox } from "./send_box.js";
import { Timeline } from "./timeline.js";
import { Stepper } from "./stepper.js";
import { TalkPanel } from "./talk_panel.js";

/**
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 * @import { EventStore } from "./store.js"
 */

/** Below this height, in rem (the page's type size), the peers and the send box start folded. */
const SHORT_REM = 40;

/** The window's height in rem: fewer with "Large type" on, as at a higher zoom. */
const heightRem = () =>
  innerHeight / parseFloat(getComputedStyle(document.documentElement).fontSize);

/** The commands whose sessions have peers the page can send to. */
const TALKING = new Set(["serve", "connect"]);

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {boolean} [props.large] whether "Large type" is on
 * @param {Listed} props.session
 * @param {EventStore | undefined} props.store
 * @param {() => void} props.onChange
 */
export function SessionView({ t, lang, large, session, store, onChange }) {
  // The peer chosen belongs to one run: after a restart its connection is gone, and sending
  // to it would be refused while no choice shows (back to all peers).
  const run = session.log ? "" : session.started;
  const [choice, setChoice] = useState({ run, peer: "" });
  const peer = choice.run === run ? choice.peer : "";
  /** @param {string} chosen */
  const setPeer = (chosen) => setChoice({ run, peer: chosen });
  // A short window (a projector at 200 %, or large type) gives the timeline the room: peers
  // and send box fold.
  const [controls, setControls] = useState(() => heightRem() >= SHORT_REM);
  // And as the window turns short or tall while the session is shown (Large type switched on,
  // a zoom): folded or unfolded once, as it crosses; a fold chosen by hand stays until then.
  const tall = useRef(heightRem() >= SHORT_REM);
  useEffect(() => {
    const follow = () => {
      const now = heightRem() >= SHORT_REM;
      if (now !== tall.current) setControls(now);
      tall.current = now;
    };
    follow();
    addEventListener("resize", follow);
    return () => removeEventListener("resize", follow);
  }, [large]);
  const stepped = session.log || session.argv[0] === "demo";
  // Peers to choose and send to are a server's clients or a client's server: a relay forwards,
  // a sink and a flood measure, a check talks for itself; their timelines show their connections.
  // A session that failed (it could not listen or connect) never had a peer to show.
  const talks = !session.log && TALKING.has(session.argv[0]) && session.state !== "failed";
  return html`
    <section class="session-view">
      <${SessionHead} t=${t} lang=${lang} session=${session} onChange=${onChange} />
      ${stepped || !store || !talks ? "" : html`
        <details class="controls" open=${controls} onToggle=${(/** @type {Event} */ e) =>
          setControls(/** @type {HTMLDetailsElement} */ (e.currentTarget).open)}>
          <summary data-fc="controls">${t("controls")}</summary>
          <div class="controls-row">
            <${Peers} t=${t} session=${session} store=${store} chosen=${peer}
              onChoose=${setPeer} />
            <${SendBox} t=${t} lang=${lang} session=${session} peer=${peer}
              store=${store} />
          </div>
          <${TalkPanel} t=${t} lang=${lang} session=${session} peer=${peer} store=${store}
            onChange=${onChange} />
        </details>
      `}
      ${!store ? "" : stepped ? html`<${Stepper} t=${t} lang=${lang} store=${store} />` : html`
        <${Timeline} t=${t} lang=${lang} store=${store} peer=${peer}
          encoding=${"encoding" in session ? session.encoding : undefined} />
      `}
    </section>
  `;
}

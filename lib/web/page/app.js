// @ts-check
// The workspace: sessions on the left, the chosen one on the right, one language for all.
import { html, render } from "htm/preact";
import { useEffect, useErrorBoundary, useLayoutEffect, useRef, useState } from "preact/hooks";
import { call, watchEvents } from "./api.js";
import { translator } from "./i18n.js";
import { EventStore } from "./store.js";
import { SessionList } from "./session_list.js";
import { NewSession } from "./new_session.js";
import { SessionView } from "./session_view.js";
import { CheckView } from "./check_view.js";
import { NewCheck } from "./new_check.js";
import { OpenLog } from "./log_file.js";
import { ListsContext } from "./lists.js";
import { WordsContext } from "./words.js";

/**
 * Where the side panel folds away once a session is chosen (style.css says the same): followed
 * as the window changes, so zooming in to 200 % with a session chosen folds it too.
 */
const NARROW = "(max-width: 900px)";
/**
 * @import { JsonEvent } from "../../events/types.ts"
 * @import { Lists } from "../lists.ts"
 * @import { SessionSummary } from "../session.ts"
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Words } from "./words.js"
 * @import { Listed, OpenedLog } from "./session_list.js"
 */

/**
 * A session's events in the page: its store and, for a live session, which run it
 * watches and how to stop (an opened log has no such thing).
 * @typedef {object} Feed
 * @property {EventStore} store
 * @property {{ argv: string, started: string, stop: () => void }} [watched]
 */

/** How often the session list and the peers' counters are asked for. */
const POLL_MS = 1000;

/**
 * Where the language chosen with the page's switch is remembered. Not `framecat.lang`: an older
 * page saved that on every load, chosen or not, and it would override --lang for good.
 */
const CHOSEN_LANG = "framecat.lang.chosen";

/**
 * The language the page opens in: the one chosen with its switch (remembered), else the
 * workspace's own (framecat's --lang, else its LANG/LC_ALL), which the server writes in the page.
 * @returns {Lang}
 */
function startLang() {
  const saved = localStorage.getItem(CHOSEN_LANG);
  if (saved === "en" || saved === "zh") return saved;
  const given = document.querySelector('meta[name="framecat-lang"]')?.getAttribute("content");
  return given === "zh" ? "zh" : "en";
}

/** Large type, for a projector: remembered, as the language is. */
function startLarge() {
  return localStorage.getItem("framecat.large") === "1";
}

function App() {
  const [lang, setLang] = useState(startLang);
  const [large, setLarge] = useState(startLarge);
  // On a narrow window (a projector at 200 %) the sessions and the form fold away.
  const [side, setSide] = useState(true);
  const [narrow, setNarrow] = useState(() => matchMedia(NARROW).matches);
  // Folded by itself (a narrow window), not with ☰: it unfolds by itself when the window widens.
  const folded = useRef(false);
  const [sessions, setSessions] = useState(
    /** @type {(SessionSummary & { polled?: number })[]} */ ([]),
  );
  const [logs, setLogs] = useState(/** @type {OpenedLog[]} */ ([]));
  const [chosen, setChosen] = useState(/** @type {string | undefined} */ (undefined));
  // The choice as it is now, for the first poll's answer (its closure holds the first render's).
  const chosenNow = useRef(chosen);
  chosenNow.current = chosen;
  const feeds = useRef(/** @type {Map<string, Feed>} */ (new Map()));
  // Sessions removed from the list: a poll answered before framecat forgot one brings it back.
  const removed = useRef(/** @type {Set<string>} */ (new Set()));
  const nextLog = useRef(1);
  const [, storesChanged] = useState(0);
  const t = translator(lang);

  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);
  // Before paint, not after: what renders next (a session's fold of its controls) measures the
  // type size the page is in.
  useLayoutEffect(() => {
    document.documentElement.classList.toggle("large", large);
    localStorage.setItem("framecat.large", large ? "1" : "0");
  }, [large]);

  // framecat's own lists (framings, prefixes, behaviours, demos, encodings): never a copy here.
  const [lists, setLists] = useState(/** @type {Lists | undefined} */ (undefined));
  // framecat's words for the rows (lib/i18n/): what the terminal says, in both languages.
  const [words, setWords] = useState(/** @type {Words | undefined} */ (undefined));
  useEffect(() => {
    call("GET", "/api/lists").then(({ body }) => setLists(body));
    call("GET", "/api/words").then(({ body }) => setWords(body));
  }, []);

  const [gone, setGone] = useState(false);
  // Polls by number: on a loaded machine one can be answered after the next. An older answer
  // than the one shown is dropped, or it would bring back a session forgotten in between (and
  // open its events, long gone: a 404).
  const polls = useRef({ asked: 0, shown: 0 });
  const refresh = async () => {
    try {
      // When it was asked: a timed send started before then and missing from it has ended.
      const polled = performance.now();
      const asked = ++polls.current.asked;
      const { status, body } = await call("GET", "/api/sessions");
      if (asked < polls.current.shown) return;
      polls.current.shown = asked;
      if (status === 200) {
        const listed = body.filter((/** @type {SessionSummary} */ s) => !removed.current.has(s.id))
          .map((/** @type {SessionSummary} */ s) => ({ ...s, polled }));
        setSessions(listed);
        // A page opened on one session (`framecat serve 9000 --web`, or a workspace with one
        // session started) opens on it, not on "choose a session": there is nothing to choose.
        if (asked === 1 && listed.length === 1 && chosenNow.current === undefined) {
          choose(listed[0].id);
        }
      }
      setGone(false);
    } catch {
      setGone(true); // framecat was stopped, or the network between us is down
    }
  };
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, []);

  // An event feed for each running session from the moment it appears, and for a finished one
  // once it is chosen; kept until the session is forgotten. A browser opens the WebSockets to
  // one host one at a time: with a feed for each of sixty finished sessions, the one chosen
  // waited seconds behind the others.
  useEffect(() => {
    const ids = new Set(sessions.map((s) => s.id));
    for (const [id, { watched }] of feeds.current) {
      if (!ids.has(id) && watched) {
        watched.stop();
        feeds.current.delete(id);
      }
    }
    for (const s of sessions) {
      const known = feeds.current.get(s.id)?.watched;
      if (!known && s.state !== "running" && s.id !== chosen) continue;
      const argv = s.argv.join(" ");
      if (known && known.argv === argv && known.started === s.started) continue;
      known?.stop();
      const store = new EventStore();
      const stop = watchEvents(s.id, (batch) => store.add(batch));
      feeds.current.set(s.id, { store, watched: { argv, started: s.started, stop } });
      storesChanged((n) => n + 1);
    }
  }, [sessions, chosen]);

  // The window's width is followed, not read once: a page zoomed to 200 % after a session was
  // chosen folds its side panel as one zoomed before does.
  useEffect(() => {
    const query = matchMedia(NARROW);
    const changed = () => setNarrow(query.matches);
    query.addEventListener("change", changed);
    changed();
    return () => query.removeEventListener("change", changed);
  }, []);
  /** @param {boolean} open */
  const showSide = (open) => {
    folded.current = false;
    setSide(open);
  };
  // Where the window is narrow, a session chosen folds the side panel away; where it widens
  // again, the panel that folded by itself comes back. Before paint: no frame of both.
  useLayoutEffect(() => {
    if (narrow && chosen !== undefined && side) {
      folded.current = true;
      setSide(false);
    } else if (!narrow && folded.current) {
      showSide(true);
    }
  }, [narrow]);
  /** @param {string} id */
  const choose = (id) => {
    setChosen(id);
    if (matchMedia(NARROW).matches) {
      folded.current = true;
      setSide(false);
    }
  };
  /**
   * Removes a session from the list (framecat forgets it: DELETE …?forget=1, which stops it
   * first), or an opened log; the events the page kept of it go too.
   * @param {string} id
   */
  const remove = async (id) => {
    if (id === chosen) setChosen(undefined);
    feeds.current.get(id)?.watched?.stop();
    feeds.current.delete(id);
    if (logs.some((l) => l.id === id)) {
      setLogs(logs.filter((l) => l.id !== id));
      return;
    }
    removed.current.add(id);
    setSessions((all) => all.filter((s) => s.id !== id));
    await call("DELETE", `/api/sessions/${encodeURIComponent(id)}?forget=1`).catch(() => {});
    refresh();
  };
  /** @param {string} id */
  const started = (id) => {
    choose(id);
    refresh();
  };
  /**
   * @param {string} name
   * @param {JsonEvent[]} events
   */
  const opened = (name, events) => {
    const store = new EventStore();
    store.add({ events, skipped: 0 });
    // Numbered on, never reused: a log removed from the list leaves its number behind.
    const id = `log-${nextLog.current++}`;
    feeds.current.set(id, { store });
    setLogs([...logs, { id, argv: [name], state: "log", log: true, peers: [] }]);
    choose(id);
  };
  /** @type {Listed[]} */
  const all = [...sessions, ...logs];
  const current = all.find((s) => s.id === chosen);

  return html`
    <${ListsContext.Provider} value=${lists}>
      <${WordsContext.Provider} value=${words}>
        <header class="top">
        <button class="side-toggle" data-fc="side" aria-expanded=${side} onClick=${() =>
          showSide(!side)}>☰ ${t("sidePanel")}</button>
        <h1>${t("title")}</h1>
        <span class="tagline">${t("tagline")}</span>
        <span class="grow"></span>
        ${gone ? html`<span class="gone" role="alert">${t("gone")}</span>` : ""}
        <${OpenLog} t=${t} onOpen=${opened} />
        <button data-fc="large" aria-pressed=${large} onClick=${() => setLarge(!large)}>
          ${t("large")}
        </button>
        <button
          data-fc="lang"
          onClick=${() => {
            const other = lang === "zh" ? "en" : "zh";
            // Remembered only when chosen here: else the workspace's --lang decides.
            localStorage.setItem(CHOSEN_LANG, other);
            setLang(other);
          }}
        >
          ${t("lang")}
        </button>
      </header>
        <div class=${`workspace ${side ? "" : "side-folded"}`}>
          <aside class="side">
          <${SessionList} t=${t} lang=${lang} sessions=${all} chosen=${chosen}
            onChoose=${choose} onRemove=${remove} />
          ${lists
            ? html`<${NewSession} t=${t} lang=${lang} sessions=${sessions} onStarted=${started} />`
            : ""}
          ${lists ? html`<${NewCheck} lang=${lang} onStarted=${started} />` : ""}
        </aside>
          <main class="main">
          ${current
            ? html`
              <${Drawn} key=${current.id} t=${t}>
                <${current.argv[0] === "check" ? CheckView : SessionView}
                  t=${t}
                  lang=${lang}
                  large=${large}
                  session=${current}
                  store=${feeds.current.get(current.id)?.store}
                  onChange=${refresh}
                />
                <//>
            `
            : html`<p class="hint">${t("select")}</p>`}
        </main>
        </div>
        <//>
        <//>
  `;
}

/**
 * Draws a session's view; one that fails to draw (a log whose events are not what framecat
 * writes) is said in one line, in place of a blank page that throws on every redraw.
 * @param {{ t: Translate, children: unknown }} props
 */
function Drawn({ t, children }) {
  const [error] = useErrorBoundary();
  if (!error) return children;
  const why = error instanceof Error ? error.message : String(error);
  return html`<p class="error" role="alert" data-fc="draw-error">${t("drawError", { why })}</p>`;
}

render(html`<${App} />`, /** @type {HTMLElement} */ (document.getElementById("app")));

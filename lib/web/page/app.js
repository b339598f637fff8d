// The workspace: sessions on the left, the chosen one on the right, one language for all.
import { html, render } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { call, watchEvents } from "./api.js";
import { translator } from "./i18n.js";
import { EventStore } from "./store.js";
import { SessionList } from "./session_list.js";
import { NewSession } from "./new_session.js";
import { SessionView } from "./session_view.js";
import { OpenLog } from "./log_file.js";
import { ListsContext } from "./lists.js";
import { WordsContext } from "./words.js";

/** Where the side panel folds away once a session is chosen (style.css says the same). */
const NARROW = "(max-width: 900px)";

/** How often the session list and the peers' counters are asked for. */
const POLL_MS = 1000;

function startLang() {
  const saved = localStorage.getItem("framecat.lang");
  if (saved === "en" || saved === "zh") return saved;
  return navigator.language.startsWith("zh") ? "zh" : "en";
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
  const [sessions, setSessions] = useState([]);
  const [logs, setLogs] = useState([]);
  const [chosen, setChosen] = useState(undefined);
  const stores = useRef(new Map());
  const [, storesChanged] = useState(0);
  const t = translator(lang);

  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    localStorage.setItem("framecat.lang", lang);
  }, [lang]);
  useEffect(() => {
    document.documentElement.classList.toggle("large", large);
    localStorage.setItem("framecat.large", large ? "1" : "0");
  }, [large]);

  // framecat's own lists (framings, prefixes, behaviours, demos, encodings): never a copy here.
  const [lists, setLists] = useState(undefined);
  // framecat's words for the rows (lib/i18n/): what the terminal says, in both languages.
  const [words, setWords] = useState(undefined);
  useEffect(() => {
    call("GET", "/api/lists").then(({ body }) => setLists(body));
    call("GET", "/api/words").then(({ body }) => setWords(body));
  }, []);

  const [gone, setGone] = useState(false);
  const refresh = async () => {
    try {
      const { status, body } = await call("GET", "/api/sessions");
      if (status === 200) setSessions(body);
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

  // One event feed per session, from the moment it appears until it is forgotten.
  useEffect(() => {
    const ids = new Set(sessions.map((s) => s.id));
    for (const [id, store] of stores.current) {
      if (!ids.has(id) && store.stop) {
        store.stop();
        stores.current.delete(id);
      }
    }
    for (const s of sessions) {
      const known = stores.current.get(s.id);
      if (known && known.argv === s.argv.join(" ") && known.started === s.started) continue;
      known?.stop();
      const store = new EventStore();
      store.argv = s.argv.join(" ");
      store.started = s.started;
      store.stop = watchEvents(s.id, (batch) => store.add(batch));
      stores.current.set(s.id, store);
      storesChanged((n) => n + 1);
    }
  }, [sessions]);

  // Choosing a session folds the side panel away where the window is narrow (CSS decides).
  const choose = (id) => {
    setChosen(id);
    if (matchMedia(NARROW).matches) setSide(false);
  };
  const started = (id) => {
    choose(id);
    refresh();
  };
  const opened = (name, events) => {
    const store = new EventStore();
    store.add({ events, skipped: 0 });
    const id = `log-${logs.length + 1}`;
    stores.current.set(id, store);
    setLogs([...logs, { id, argv: [name], state: "log", log: true, peers: [] }]);
    choose(id);
  };
  const all = [...sessions, ...logs];
  const current = all.find((s) => s.id === chosen);

  return html`
    <${ListsContext.Provider} value=${lists}>
      <${WordsContext.Provider} value=${words}>
        <header class="top">
        <button class="side-toggle" data-fc="side" aria-expanded=${side} onClick=${() =>
          setSide(!side)}>☰ ${t("sidePanel")}</button>
        <h1>${t("title")}</h1>
        <span class="tagline">${t("tagline")}</span>
        <span class="grow"></span>
        ${gone ? html`<span class="gone" role="alert">${t("gone")}</span>` : ""}
        <${OpenLog} t=${t} onOpen=${opened} />
        <button data-fc="large" aria-pressed=${large} onClick=${() => setLarge(!large)}>
          ${t("large")}
        </button>
        <button data-fc="lang" onClick=${() => setLang(lang === "zh" ? "en" : "zh")}>
          ${t("lang")}
        </button>
      </header>
        <div class=${`workspace ${side ? "" : "side-folded"}`}>
          <aside class="side">
          <${SessionList} t=${t} sessions=${all} chosen=${chosen} onChoose=${choose} />
          ${lists ? html`<${NewSession} t=${t} lang=${lang} onStarted=${started} />` : ""}
        </aside>
          <main class="main">
          ${current
            ? html`
              <${SessionView}
                key=${current.id}
                t=${t}
                lang=${lang}
                session=${current}
                store=${stores.current.get(current.id)}
                onChange=${refresh}
              />
            `
            : html`<p class="hint">${t("select")}</p>`}
        </main>
        </div>
        <//>
        <//>
  `;
}

render(html`<${App} />`, document.getElementById("app"));

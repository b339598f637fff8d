// A form for each command that builds the argv the command line takes; framecat checks it
// with the command line's own rules and the form shows its one-line answer.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { call } from "./api.js";

const KINDS = ["serve", "connect", "relay", "sink", "flood", "demo"];
const FRAMINGS = ["raw", "line", "len", "json"];
const PREFIXES = ["u32be", "u32le", "u16be", "u16le", "u8", "u64be", "u64le", "varint", "i", "!i"];
const BEHAVIORS = ["echo", "upper", "discard", "print", "exec", "time", "chat", "save"];
const DEMOS = ["sticky", "split", "exec-leftover", "udp-boundaries", "udp-truncate", "udp-loss"];

/** The relay's faults the form offers as fields (the rest go in "more options"). */
const FAULTS = ["slice", "coalesce", "delay", "loss"];

const DEFAULTS = {
  endpoint: "tcp://127.0.0.1:0",
  target: "tcp://127.0.0.1:9000",
  slice: "",
  coalesce: "",
  delay: "",
  loss: "",
  framing: "len",
  prefix: "u32be",
  behavior: "echo",
  demo: "sticky",
  extra: "",
};

/** Words of the extra options, with "double quotes" keeping spaces. */
function words(text) {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** The argv the form describes, as the command line would take it. */
export function argvOf(kind, f, lang) {
  const framed = [
    "--framing",
    f.framing,
    ...(f.framing === "len" || f.framing === "json" ? ["--prefix", f.prefix] : []),
  ];
  const base = {
    serve: () => ["serve", f.endpoint, ...framed, "--behavior", f.behavior],
    connect: () => ["connect", f.endpoint, ...framed],
    relay: () => [
      "relay",
      f.endpoint,
      f.target,
      ...FAULTS.flatMap((fault) => f[fault].trim() ? [`--${fault}`, f[fault].trim()] : []),
    ],
    sink: () => ["sink", f.endpoint],
    flood: () => ["flood", f.endpoint],
    demo: () => ["demo", f.demo, "--lang", lang],
  }[kind]();
  return [...base, ...words(f.extra)];
}

export function NewSession({ t, lang, onStarted }) {
  const [kind, setKind] = useState("serve");
  const [form, setForm] = useState(DEFAULTS);
  const [error, setError] = useState("");
  const argv = argvOf(kind, form, lang);
  const field = (name) => (e) => setForm({ ...form, [name]: e.target.value });
  const select = (name, choices) =>
    html`<label>${t(name)}
      <select name=${name} value=${form[name]} onChange=${field(name)}>
        ${choices.map((c) => html`<option value=${c}>${c}</option>`)}
      </select>
    </label>`;
  const text = (name) =>
    html`<label>${t(name)}<input name=${name} value=${form[name]} onInput=${
      field(name)
    } /></label>`;

  const start = async (e) => {
    e.preventDefault();
    // Asked first, so a mistake is a line in the form, not a failed request in the console.
    const checked = await call("POST", "/api/check", { argv });
    if (!checked.body.ok) return setError(checked.body.error);
    const { status, body } = await call("POST", "/api/sessions", { argv });
    if (status === 201) {
      setError("");
      onStarted(body.id);
    } else setError(body.error);
  };

  return html`
    <form class="new-session" data-fc="new-session" onSubmit=${start}>
      <h2>${t("newSession")}</h2>
      <label>${t("kind")}
        <select name="kind" value=${kind} onChange=${(e) => setKind(e.target.value)}>
          ${KINDS.map((k) => html`<option value=${k}>${t(`kind.${k}`)}</option>`)}
        </select>
      </label>
      ${kind === "demo" ? select("demo", DEMOS) : text("endpoint")}
      ${kind === "relay" ? text("target") : ""}
      ${kind === "relay" ? FAULTS.map((fault) => text(fault, t(`fault.${fault}`))) : ""}
      ${kind === "serve" || kind === "connect" ? select("framing", FRAMINGS) : ""}
      ${(kind === "serve" || kind === "connect") &&
          (form.framing === "len" || form.framing === "json")
        ? select("prefix", PREFIXES)
        : ""}
      ${kind === "serve" ? select("behavior", BEHAVIORS) : ""}
      ${text("extra", t(`extra.${kind}`))}
      <code class="argv-preview" title=${t("argv")}>framecat ${argv.join(" ")}</code>
      <button type="submit" data-fc="start">${t("start")}</button>
      ${error ? html`<p class="error" role="alert" data-fc="error">${error}</p>` : ""}
    </form>
  `;
}

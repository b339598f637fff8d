// @ts-check
// A form for each command that builds the argv the command line takes; framecat checks it
// with the command line's own rules and the form shows its one-line answer.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { call } from "./api.js";
import { useLists } from "./lists.js";
import { Argv, splitWords } from "./argv.js";
import { ChecksumChoice } from "./checksum_choice.js";
import { valueTo } from "./inputs.js";
import { offeredEndpoint } from "./endpoints.js";
import { refusal, useSay } from "./words.js";
/**
 * @import { PrefixChoice } from "../lists.ts"
 * @import { SessionSummary } from "../session.ts"
 * @import { Kind } from "./endpoints.js"
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Said } from "shared/say.js"
 */

/** @type {Kind[]} */
const KINDS = ["serve", "connect", "relay", "sink", "flood", "demo"];

/** The relay's faults the form offers as fields (the rest go in "more options"). */
const FAULTS = /** @type {const} */ (["slice", "coalesce", "delay", "loss"]);

const DEFAULTS = {
  slice: "",
  coalesce: "",
  delay: "",
  loss: "",
  framing: "len",
  // The course's struct.pack('i'): the first prefix framecat lists.
  prefix: "i",
  behavior: "echo",
  checksum: "",
  extra: "",
};

/**
 * The form's fields, as typed; the endpoint and the relay's target as shown (typed per kind, or
 * offered: NewSession's `typed`).
 * @typedef {typeof DEFAULTS & { demo: string, endpoint: string, target: string }} Form
 */

/**
 * The argv the form describes, as the command line would take it.
 * @param {Kind} kind
 * @param {Form} f
 * @param {Lang} lang
 * @returns {string[]}
 */
export function argvOf(kind, f, lang) {
  const framed = [
    "--framing",
    f.framing,
    ...(f.framing === "len" || f.framing === "json" ? ["--prefix", f.prefix] : []),
  ];
  const checksum = f.checksum ? ["--checksum", f.checksum] : [];
  const base = {
    serve: () => ["serve", f.endpoint, ...framed, "--behavior", f.behavior, ...checksum],
    connect: () => ["connect", f.endpoint, ...framed, ...checksum],
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
  return [...base, ...splitWords(f.extra)];
}

/**
 * A prefix's label: the course's is named as such; a struct code says what it reads as.
 * @param {Translate} t
 * @param {PrefixChoice} p
 */
function prefixLabel(t, p) {
  if (p.course) return t("prefix.course", { value: p.value });
  return p.value === p.means ? p.value : `${p.value} (${p.means})`;
}

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {SessionSummary[]} props.sessions The workspace's sessions: a client's endpoint offers
 *   the newest server's address.
 * @param {(id: string) => void} props.onStarted
 */
export function NewSession({ t, lang, sessions, onStarted }) {
  // App shows the form only once framecat has sent its lists.
  const lists = /** @type {import("../lists.ts").Lists} */ (useLists());
  const [kind, setKind] = useState(/** @type {Kind} */ ("serve"));
  // The first demo framecat lists (sticky) until another is chosen.
  const [form, setForm] = useState(/** @returns {Omit<Form, "endpoint" | "target">} */ () => ({
    ...DEFAULTS,
    demo: lists.demos[0],
  }));
  // Each kind's endpoint as typed (a server's port is not a client's), and the relay's target;
  // until typed, what offeredEndpoint offers, which follows the sessions started meanwhile.
  const [typed, setTyped] = useState(
    /** @type {Partial<Record<Kind | "target", string>>} */ ({}),
  );
  // framecat's refusal as it came: said at each render, in the language the page is in then.
  const [refused, setRefused] = useState(
    /** @type {{ error?: string, said?: Said } | undefined} */ (undefined),
  );
  const say = useSay(lang);
  /** @param {Kind | "target"} what */
  const shown = (what) => typed[what] ?? offeredEndpoint(what, sessions, typed.relay);
  const filled = { ...form, endpoint: shown(kind), target: shown("target") };
  const argv = argvOf(kind, filled, lang);
  /** @param {keyof Form} name */
  const field = (name) =>
    valueTo((value) => {
      if (name === "endpoint" || name === "target") {
        setTyped({ ...typed, [name === "target" ? "target" : kind]: value });
      } else setForm({ ...form, [name]: value });
    });
  /**
   * A list from framecat (GET /api/lists): `label` says each choice in words.
   * @template {string | PrefixChoice} C
   * @param {keyof Form} name
   * @param {readonly C[]} choices
   * @param {(choice: C) => string} [label]
   */
  const select = (name, choices, label = (c) => String(c)) =>
    html`<label>${t(name)}
      <select name=${name} value=${filled[name]} onChange=${field(name)}>
        ${
      choices.map((c) =>
        html`<option value=${typeof c === "string" ? c : c.value}>${label(c)}</option>`
      )
    }
      </select>
    </label>`;
  /**
   * A text field; `example` shows in it while it is empty.
   * @param {keyof Form} name
   * @param {string} [example]
   */
  const text = (name, example = "") =>
    html`<label>${t(name)}<input name=${name} value=${
      filled[name]
    } placeholder=${example} onInput=${field(name)} /></label>`;

  /**
   * A fault's field with what it takes said under it, whole: as a placeholder, it was cut at
   * the side panel's width (1024×768), and gone once something was typed.
   * @param {typeof FAULTS[number]} fault
   */
  const faultField = (fault) =>
    html`
      <label
        class="fault">${t(fault)}<input name=${fault} value=${form[fault]} onInput=${field(
          fault,
        )} /><small class="field-hint" data-fc="fault-hint" data-fault=${fault}>${t(
          `fault.${fault}`,
        )}</small></label>
    `;

  /** @param {Event} e */
  const start = async (e) => {
    e.preventDefault();
    // Asked first, so a mistake is a line in the form, not a failed request in the console.
    const checked = await call("POST", "/api/check", { argv });
    // framecat's refusal, said in the page's language.
    if (!checked.body.ok) {
      return setRefused(checked.body);
    }
    const { status, body } = await call("POST", "/api/sessions", { argv });
    if (status === 201) {
      setRefused(undefined);
      onStarted(body.id);
    } else setRefused(body);
  };

  return html`
    <form class="new-session" data-fc="new-session" onSubmit=${start}>
      <h2>${t("newSession")}</h2>
      <label>${t("kind")}
        <select name="kind" value=${kind} onChange=${valueTo((k) =>
          setKind(/** @type {Kind} */ (k))
        )}>
          ${KINDS.map((k) => html`<option value=${k}>${t(`kind.${k}`)}</option>`)}
        </select>
      </label>
      ${kind === "demo" ? select("demo", lists.demos) : text("endpoint")}
      ${kind === "demo"
        ? html`<small class="field-hint demo-about" data-fc="demo-about">${
          lists.demo_summaries.find((d) => d.value === form.demo)?.[lang] ?? ""
        }</small>`
        : ""}
      ${kind === "relay" ? text("target") : ""}
      ${kind === "relay" ? FAULTS.map(faultField) : ""}
      ${kind === "serve" || kind === "connect" ? select("framing", lists.framings) : ""}
      ${(kind === "serve" || kind === "connect") &&
          (form.framing === "len" || form.framing === "json")
        ? select("prefix", lists.prefixes, (p) => prefixLabel(t, p))
        : ""}
      ${kind === "serve" ? select("behavior", lists.behaviors) : ""}
      ${kind === "serve" || kind === "connect"
        ? html`
          <${ChecksumChoice} t=${t} say=${say} value=${form.checksum}
            onChange=${(/** @type {string} */ checksum) => setForm({ ...form, checksum })} />
        `
        : ""}
      ${text("extra", t(`extra.${kind}`))}
      <${Argv} words=${argv} class="argv argv-preview" title=${t("argv")} data-fc="argv-preview" />
      <button type="submit" data-fc="start">${t("start")}</button>
      ${refused
        ? html`<p class="error" role="alert" data-fc="error">${refusal(refused, say)}</p>`
        : ""}
    </form>
  `;
}

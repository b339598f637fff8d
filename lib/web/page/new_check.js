// @ts-check
// A form that starts a check: a built-in check (framecat's list) or a scenario file, and the
// servers, one endpoint a line; framecat checks the argv with the command line's own rules.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { call } from "./api.js";
import { useLists } from "./lists.js";
import { Argv, splitWords } from "./argv.js";
import { refusal, useSay } from "./words.js";
/** @import { Lang } from "./i18n.js" */
/** @import { Said } from "shared/say.js" */

/** @typedef {{ check: string, targets: string, extra: string }} CheckForm */

/**
 * The argv of a check: the check, one target a line, the page's language, more options.
 * @param {CheckForm} form
 * @param {Lang} lang
 */
export function checkArgv(form, lang) {
  const targets = form.targets.split("\n").map((line) => line.trim()).filter(Boolean);
  return ["check", form.check, ...targets, "--lang", lang, ...splitWords(form.extra)];
}

/**
 * @param {object} props
 * @param {Lang} props.lang
 * @param {(id: string) => void} props.onStarted
 */
export function NewCheck({ lang, onStarted }) {
  const lists = useLists();
  const say = useSay(lang);
  /** @type {[CheckForm, (form: CheckForm) => void]} */
  const [form, setForm] = useState(() => ({
    check: lists?.checks[0] ?? "",
    targets: "",
    extra: "",
  }));
  // framecat's refusal as it came: said at each render, in the language the page is in then.
  const [refused, setRefused] = useState(
    /** @type {{ error?: string, said?: Said } | undefined} */ (undefined),
  );
  const argv = checkArgv(form, lang);
  /** @param {keyof CheckForm} name */
  const field = (name) => (/** @type {Event} */ e) =>
    setForm({
      ...form,
      [name]: /** @type {HTMLInputElement | HTMLTextAreaElement} */ (e.target).value,
    });

  const start = async (/** @type {Event} */ e) => {
    e.preventDefault();
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
    <form class="new-session new-check" data-fc="new-check" onSubmit=${start}>
      <h2>${say("check_page.new")}</h2>
      <label>${say("check_page.check")}
        <input name="check" list="framecat-checks" value=${form.check} onInput=${field("check")} />
        <datalist id="framecat-checks">
          ${(lists?.checks ?? []).map((c) => html`<option value=${c}></option>`)}
        </datalist>
      </label>
      <label class="stacked">
        <span data-fc="check-targets">${say("check_page.targets")}</span>
        <textarea name="targets" rows="4" placeholder="127.0.0.1:9000" value=${form.targets}
          onInput=${field("targets")}></textarea>
      </label>
      <label>${say("check_page.extra")}
        <input name="extra" placeholder="--report json" value=${form.extra}
          onInput=${field("extra")} />
      </label>
      <${Argv} words=${argv} class="argv argv-preview" data-fc="check-argv" />
      <button type="submit" data-fc="start-check">${say("check_page.start")}</button>
      ${refused
        ? html`<p class="error" role="alert" data-fc="check-error">${refusal(refused, say)}</p>`
        : ""}
    </form>
  `;
}

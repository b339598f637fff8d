// @ts-check
// A session's reply rules: each with its hits, turned on or off, edited, removed; a new one
// added at the end. framecat checks each rule as --reply does and says what is wrong in one line.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { useInView } from "./in_view.js";
import { call } from "./api.js";
import { checkedTo, valueTo } from "./inputs.js";
import { refusal, useSay } from "./words.js";
import { counted } from "./i18n.js";
/**
 * @import { RuleView } from "../../replies/book.ts"
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 */

/**
 * Calls the rules API (`path` after …/rules); true when framecat took it.
 * @typedef {(method: string, path: string, body?: { rule?: string, enabled?: boolean }) => Promise<boolean>} Act
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {RuleView} props.rule
 * @param {Act} props.act
 */
function RuleRow({ t, rule, act }) {
  /** The rule's text while it is edited. */
  const [editing, setEditing] = useState(/** @type {string | undefined} */ (undefined));
  /** @param {Event} e */
  const save = async (e) => {
    e.preventDefault();
    if (await act("PATCH", `/${rule.rule}`, { rule: editing })) setEditing(undefined);
  };
  return html`
    <li class=${`rule ${rule.enabled ? "" : "off"}`} data-fc="rule" data-rule=${rule.rule}>
      <input type="checkbox" data-fc="rule-on" checked=${rule.enabled} title=${t("rule.on")}
        onChange=${checkedTo((enabled) => act("PATCH", `/${rule.rule}`, { enabled }))} />
      <span class="rule-number">#${rule.rule}</span>
      ${editing === undefined
        ? html`<code class="rule-text" data-fc="rule-text" onDblClick=${() =>
          setEditing(rule.source)}>${rule.source}</code>`
        : html`
          <form class="rule-edit" onSubmit=${save}>
            <input data-fc="rule-edit" value=${editing} onInput=${valueTo(
              setEditing,
            )} />
            <button type="submit" data-fc="rule-save">${t("rule.save")}</button>
          </form>
        `}
      <span class="rule-hits" data-fc="rule-hits" data-hits=${rule.hits}>
        ${counted(t, "rule.hits", rule.hits)}${rule.times ? ` / ${rule.times}` : ""}
      </span>
      ${editing === undefined
        ? html`<button type="button" data-fc="rule-edit-start" onClick=${() =>
          setEditing(rule.source)}>
            ${t("rule.edit")}</button>`
        : ""}
      <button type="button" data-fc="rule-remove" title=${t("rule.remove")}
        onClick=${() => act("DELETE", `/${rule.rule}`)}>×</button>
    </li>
  `;
}

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {() => void} props.onChange
 */
export function ReplyRules({ t, lang, session, onChange }) {
  const say = useSay(lang);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState("");
  const errorLine = useInView(error);
  if (session.log || !session.rules) return "";
  const { rules: shown } = session;
  /** @type {Act} */
  const act = async (method, path, body) => {
    const rules = `/api/sessions/${session.id}/rules`;
    // A rule's text is asked first, so a mistake is a line here, not a failed request.
    if (body?.rule !== undefined) {
      const checked = await call("POST", `${rules}/check`, { rule: body.rule });
      if (!checked.body.ok) {
        // framecat's refusal, said in the page's language.
        setError(refusal(checked.body, say));
        return false;
      }
    }
    const { status, body: answer } = await call(method, `${rules}${path}`, body);
    const ok = status === 200 || status === 201;
    setError(ok ? "" : refusal(answer, say));
    onChange();
    return ok;
  };
  /** @param {Event} e */
  const add = async (e) => {
    e.preventDefault();
    if (await act("POST", "", { rule: draft })) setDraft("");
  };
  return html`
    <details class="reply-rules" data-fc="rules" open>
      <summary>${t("rules")} (${shown.length})</summary>
      <ol class="rule-list">
        ${shown.map((rule) => html`<${RuleRow} key=${rule.rule} t=${t} rule=${rule} act=${act} />`)}
      </ol>
      <form class="rule-add" onSubmit=${add}>
        <input data-fc="rule-new" value=${draft} placeholder="PING => PONG"
          onInput=${valueTo(setDraft)} />
        <button type="submit" data-fc="rule-add">${t("rule.add")}</button>
      </form>
      ${error
        ? html`<p class="error" role="alert" data-fc="rule-error" ref=${errorLine}>${error}</p>`
        : ""}
    </details>
  `;
}

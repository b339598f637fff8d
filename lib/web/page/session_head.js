// @ts-check
// A session's head: the command it runs, its state, and Stop and Restart (a log has none).
import { html } from "htm/preact";
import { call } from "./api.js";
import { Argv } from "./argv.js";
import { useSay } from "./words.js";
/**
 * @import { Lang, Translate } from "./i18n.js"
 * @import { Listed } from "./session_list.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {Listed} props.session
 * @param {() => void} props.onChange
 */
export function SessionHead({ t, lang, session, onChange }) {
  const say = useSay(lang);
  /**
   * @param {string} method
   * @param {string} path
   */
  const act = (method, path) => async () => {
    await call(method, `/api/sessions/${session.id}${path}`);
    onChange();
  };
  return html`
    <div class="session-head">
      <${Argv} words=${session.argv} prefix=${session.log ? "" : "framecat"} />
      <span class=${`state ${session.state}`} data-fc="state">${t(`state.${session.state}`)}</span>
      ${session.error
        ? html`<span class="error" role="alert">${
          session.error_said ? say(session.error_said) : session.error
        }</span>`
        : ""}
      <span class="grow"></span>
      ${session.log ? "" : html`
        <span class="actions">
          <button data-fc="stop" disabled=${session.state !== "running"}
            onClick=${act("DELETE", "")}>${t("stop")}</button>
          <button data-fc="restart" onClick=${act("POST", "/restart")}>${t("restart")}</button>
        </span>
      `}
    </div>
  `;
}

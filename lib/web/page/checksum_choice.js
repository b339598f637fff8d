// @ts-check
// The checksum a serve or connect session appends and verifies (--checksum), from framecat's
// own list, each name with its check value.
import { html } from "htm/preact";
import { useLists } from "./lists.js";
import { valueTo } from "./inputs.js";
/**
 * @import { Translate } from "./i18n.js"
 * @import { Say } from "./words.js"
 */

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Say} props.say
 * @param {string} props.value
 * @param {(checksum: string) => void} props.onChange
 */
export function ChecksumChoice({ t, say, value, onChange }) {
  const lists = useLists();
  return html`
    <label>${t("checksum")}
      <select name="checksum" value=${value} onChange=${valueTo(onChange)}>
        <option value="">${t("checksum.none")}</option>
        ${(lists?.checksums ?? []).map((c) =>
          html`<option value=${c.value}>${c.value} (${c.said ? say(c.said) : c.means}, ${
            t("checksum.check")
          } ${c.check})</option>`
        )}
      </select>
    </label>
  `;
}

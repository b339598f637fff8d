// The checksum a serve or connect session appends and verifies (--checksum), from framecat's
// own list, each name with its check value.
import { html } from "htm/preact";
import { useLists } from "./lists.js";

export function ChecksumChoice({ t, value, onChange }) {
  const lists = useLists();
  return html`
    <label>${t("checksum")}
      <select name="checksum" value=${value} onChange=${(e) => onChange(e.target.value)}>
        <option value="">${t("checksum.none")}</option>
        ${(lists?.checksums ?? []).map((c) =>
          html`<option value=${c.value}>${c.value} (${c.means}, ${
            t("checksum.check")
          } ${c.check})</option>`
        )}
      </select>
    </label>
  `;
}

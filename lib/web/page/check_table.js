// A check's table: a row per target, a column per way, each case green or red as it ends;
// a click on a case chooses it (its conversation shows below). The ways' order is
// framecat's own (GET /api/lists), the summary's once the check has ended.
import { html } from "htm/preact";
import { useLists } from "./lists.js";
import { useStore } from "./use_store.js";
import { useSay } from "./words.js";

/** The cases so far by target (in the order they first appear), and the summary once there. */
export function checkCases(store) {
  const targets = new Map();
  let summary;
  for (const { ev } of store.rows) {
    if (ev.event === "summary") summary = ev;
    if (ev.event !== "check") continue;
    const row = targets.get(ev.target) ?? { address: ev.address, cases: {} };
    row.cases[ev.way] = ev;
    targets.set(ev.target, row);
  }
  return { targets, summary };
}

export function CheckTable({ lang, store, chosen, onChoose }) {
  useStore(store);
  const say = useSay(lang);
  const lists = useLists();
  const { targets, summary } = checkCases(store);
  const seen = new Set([...targets.values()].flatMap((row) => Object.keys(row.cases)));
  const ways = summary?.ways ?? lists.ways.filter((w) => seen.has(w));
  const cell = (ev) => {
    if (!ev) return html`<td class="case waiting">…</td>`;
    const result = ev.passed ? "pass" : "fail";
    return html`
      <td class=${`case ${result}`}>
        <button data-fc="case" data-target=${ev.target} data-way=${ev.way}
          data-result=${result} aria-pressed=${chosen === ev} title=${say(ev.said)}
          onClick=${() => onChoose(ev)}>${say(`check_report.${result}`)}</button>
      </td>
    `;
  };
  // The targets as the check named them, once its summary says; before, as their cases end.
  const order = summary ? summary.table.map((r) => r.target) : [...targets.keys()];
  return html`
    <table class="check-table" data-fc="check-table">
      <thead>
        <tr>
          <th scope="col">${say("check_report.target")}</th>
          ${ways.map((w) => html`<th scope="col">${say(`check_way.${w}`)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${order.filter((target) => targets.has(target)).map((target) =>
          html`<tr>
            <th scope="row" title=${targets.get(target).address}>${target}</th>
            ${ways.map((w) => cell(targets.get(target).cases[w]))}
          </tr>`
        )}
      </tbody>
    </table>
    ${summary
      ? html`<p class="check-summary" data-fc="check-summary">${say(summary.said)}</p>`
      : ""}
  `;
}

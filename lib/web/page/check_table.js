// @ts-check
// A check's table: a row per target, a column per way, each case green or red as it ends;
// a click on a case chooses it (its conversation shows below). The ways' order is
// framecat's own (GET /api/lists), the summary's once the check has ended.
import { html } from "htm/preact";
import { useLists } from "./lists.js";
import { useStore } from "./use_store.js";
import { useSay } from "./words.js";
/**
 * @import { JsonEventOf } from "../../events/types.ts"
 * @import { Lang } from "./i18n.js"
 * @import { EventStore } from "./store.js"
 */

/** @typedef {JsonEventOf<"check">} Case */
/** @typedef {{ address: string, cases: Partial<Record<Case["way"], Case>> }} TargetRow */

/**
 * The cases so far by target (in the order they first appear), and the summary once there.
 * @param {EventStore} store
 */
export function checkCases(store) {
  /** @type {Map<string, TargetRow>} */
  const targets = new Map();
  /** @type {JsonEventOf<"summary"> | undefined} */
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

/**
 * @param {object} props
 * @param {Lang} props.lang
 * @param {EventStore} props.store
 * @param {Case | undefined} props.chosen
 * @param {(ev: Case) => void} props.onChoose
 */
export function CheckTable({ lang, store, chosen, onChoose }) {
  useStore(store);
  const say = useSay(lang);
  const lists = useLists();
  if (!lists) return "";
  const { targets, summary } = checkCases(store);
  const seen = new Set([...targets.values()].flatMap((row) => Object.keys(row.cases)));
  /** @type {readonly Case["way"][]} */
  const ways = summary?.ways ?? lists.ways.filter((w) => seen.has(w));
  /** @param {Case | undefined} ev */
  const cell = (ev) => {
    // Still to come while the check runs; once it has ended (a stopped check), never run.
    if (!ev && summary) {
      return html`<td class="case not-run" data-fc="not-run">${say("check_report.none")}</td>`;
    }
    if (!ev) return html`<td class="case waiting">…</td>`;
    const result = ev.passed ? "pass" : "fail";
    return html`
      <td class=${`case ${result}`}>
        <button data-fc="case" data-target=${ev.target} data-way=${ev.way}
          data-result=${result} aria-pressed=${chosen === ev} title=${ev.said
            ? say(ev.said)
            : ev.message}
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
        ${order.flatMap((target) => {
          // A target a stopped check never reached has a row all the same, every way not run.
          const row = targets.get(target) ??
            (summary ? { address: addressOf(summary, target), cases: {} } : undefined);
          return row
            ? [html`<tr>
              <th scope="row" title=${row.address}>${target}</th>
              ${ways.map((w) => cell(row.cases[w]))}
            </tr>`]
            : [];
        })}
      </tbody>
    </table>
    ${summary
      ? html`<p class="check-summary" data-fc="check-summary">${
        summary.said ? say(summary.said) : summary.message
      }</p>`
      : ""}
  `;
}

/**
 * @param {{ table: { target: string, address: string }[] }} summary
 * @param {string} target
 */
function addressOf(summary, target) {
  return summary.table.find((r) => r.target === target)?.address ?? "";
}

// @ts-check
// The conversation as rows: writes on the left, reads in the middle, frames on the right,
// each frame linked to the reads that carried it. A row is as tall as its message needs: a
// message of up to 64 bytes is always shown whole, a longer one opens whole with a click.
// Only the rows in view are drawn (their heights measured once drawn), so a flood costs
// what a screenful costs.
import { html } from "htm/preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { clock, isData, peerHue, peerLabel, shownData } from "./format.js";
import { MessageDialog } from "./message_dialog.js";
import { Unbroken } from "./argv.js";
import { TimelineBar } from "./timeline_bar.js";
import { useStore } from "./use_store.js";
import { dataLabel, sentence, useSay } from "./words.js";
/**
 * @import { JsonEvent, JsonEventOf } from "../../events/types.ts"
 * @import { Lang, Translate } from "./i18n.js"
 * @import { EventStore, Row } from "./store.js"
 * @import { Say } from "./words.js"
 */

/** What a row is taken to be before it is drawn and measured (px): one line. */
const GUESS = 28;
/** Drawn above and below the view (px), so scrolling shows no gap. */
const OVERSCAN = 300;

/** @param {number} read */
const hue = (read) => (read * 47) % 360;
/** @param {number[]} reads */
const span = (reads) => reads.length > 1 ? `${reads[0]}–${reads.at(-1)}` : String(reads[0]);

/**
 * The rows shown: a frame that repeats its read (raw framing) is not; a search narrows them.
 * @param {Row[]} rows
 * @param {string} needle
 * @param {Say} say
 * @param {"text" | "hex"} view
 * @param {string} encoding
 */
function visible(rows, needle, say, view, encoding) {
  const shown = rows.filter((r) => !r.repeat);
  if (!needle) return shown;
  const want = needle.toLowerCase();
  return shown.filter((r) => {
    const ev = r.ev;
    const words = isData(ev) ? dataLabel(ev, say) : sentence(ev, say);
    const text = `${words} ${ev.peer ?? ""} ${shownData(ev, view, encoding).text}`;
    return text.toLowerCase().includes(want);
  });
}

/**
 * The first index whose row ends below `y`, in `tops` (each row's top, then the total).
 * @param {number[]} tops
 * @param {number} y
 */
function rowAt(tops, y) {
  let lo = 0;
  let hi = tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid + 1] <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The events drawn in the writes, reads and frames columns. */
const COLUMNED = new Set(["sent", "read", "frame"]);

/**
 * @param {object} props
 * @param {Translate} props.t
 * @param {Lang} props.lang
 * @param {EventStore} props.store
 * @param {string} [props.peer] The peer chosen: its rows are marked.
 * @param {EventStore} [props.whole] The session's events, when `store` holds those stepped to.
 * @param {string} [props.encoding] The session's --encoding: its text is shown in it at first.
 */
export function Timeline({ t, lang, store, peer = "", whole, encoding: shownIn = "utf-8" }) {
  const say = useSay(lang);
  const [view, setView] = useState(/** @type {"text" | "hex"} */ ("text"));
  const [encoding, setEncoding] = useState(shownIn);
  const [needle, setNeedle] = useState("");
  const [frozen, setFrozen] = useState(/** @type {Row[] | undefined} */ (undefined));
  /** The reads of the frame under the pointer, lit. */
  const [lit, setLit] = useState(
    /** @type {{ key: string, reads: number[] } | undefined} */ (undefined),
  );
  /** The message opened whole. */
  const [opened, setOpened] = useState(
    /** @type {{ ev: JsonEventOf<"read" | "frame" | "sent"> } | undefined} */ (undefined),
  );
  const [box, setBox] = useState({ top: 0, height: 400, width: 0, follow: true });
  const [, measured] = useState(0);
  const rowsBox = useRef(/** @type {HTMLDivElement | null} */ (null));
  const windowBox = useRef(/** @type {HTMLDivElement | null} */ (null));
  /** Heights of rows drawn, by seq, for one layout (width, view, encoding, language, type size). */
  const heights = useRef({ layout: "", of: /** @type {Map<number, number>} */ (new Map()) });
  useStore(store);

  const layout = `${box.width}|${view}|${encoding}|${lang}|${document.documentElement.className}`;
  if (heights.current.layout !== layout) heights.current = { layout, of: new Map() };
  const known = heights.current.of;

  const rows = visible(frozen ?? store.rows, needle, say, view, encoding);
  // The three columns' heads only over rows that use them: a relay's or a check's timeline of
  // faults and notes has no writes, reads and frames to head.
  const columns = (frozen ?? store.rows).some((r) => COLUMNED.has(r.ev.event));
  /** @type {number[]} */
  const tops = new Array(rows.length + 1);
  tops[0] = 0;
  for (let i = 0; i < rows.length; i++) tops[i + 1] = tops[i] + (known.get(rows[i].seq) ?? GUESS);
  const total = tops[rows.length];
  // Following, the view is the newest rows: known now, without waiting for the scroll event.
  const viewTop = box.follow ? Math.max(0, total - box.height) : box.top;
  const first = rows.length === 0 ? 0 : rowAt(tops, Math.max(0, viewTop - OVERSCAN));
  const last = rows.length === 0
    ? 0
    : Math.min(rows.length, rowAt(tops, viewTop + box.height + OVERSCAN) + 1);

  // Measure the rows drawn; when one is not as tall as taken to be, place them again.
  useLayoutEffect(() => {
    let changed = false;
    for (const child of windowBox.current?.children ?? []) {
      const el = /** @type {HTMLElement} */ (child);
      const seq = Number(el.dataset.seq);
      const height = el.offsetHeight;
      if (known.get(seq) !== height) {
        known.set(seq, height);
        changed = true;
      }
    }
    if (changed) measured((n) => n + 1);
    else if (box.follow && rowsBox.current) {
      rowsBox.current.scrollTop = rowsBox.current.scrollHeight;
    }
  });
  // The view's size, from the start and whenever the window changes size.
  useEffect(() => {
    const observer = new ResizeObserver(() => {
      const el = rowsBox.current;
      if (!el) return;
      setBox((b) =>
        b.height === el.clientHeight && b.width === el.clientWidth
          ? b
          : { ...b, height: el.clientHeight, width: el.clientWidth }
      );
    });
    if (rowsBox.current) observer.observe(rowsBox.current);
    return () => observer.disconnect();
  }, []);
  /** @param {Event} e */
  const onScroll = (e) => {
    const el = /** @type {HTMLDivElement} */ (e.currentTarget);
    const follow = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
    // Our own scroll to the newest rows changes nothing to draw.
    if (follow && box.follow && el.clientHeight === box.height) return;
    setBox({ ...box, top: el.scrollTop, height: el.clientHeight, follow });
  };

  const names = store.namesPeers;
  /** @param {JsonEvent} ev */
  const tag = (ev) =>
    names && ev.peer
      ? html`<span class="peer-tag" style=${{ "--peer-hue": peerHue(ev.peer) }} title=${ev.peer}>${
        peerLabel(ev.peer, store.oneHost)
      }</span>`
      : undefined;
  /** @param {JsonEventOf<"read" | "frame" | "sent">} ev */
  const data = (ev) => {
    const { text, left } = shownData(ev, view, encoding);
    const more = html`<button class="more" data-fc="open" onClick=${() => setOpened({ ev })}>${
      t("more", { n: left })
    }</button>`;
    return [html`<span class="data">${text}</span>`, left > 0 ? more : undefined];
  };
  /** @param {JsonEventOf<"read" | "frame" | "sent">} ev */
  const size = (ev) =>
    ev.bytes === undefined ? undefined : html`<span class="size">${ev.bytes} B</span>`;
  /**
   * @param {string} text
   * @param {string} [kind]
   */
  const chip = (text, kind = "") => html`<span class=${`chip ${kind}`}>${text}</span>`;
  /** @param {JsonEventOf<"read" | "frame" | "sent">} ev */
  const label = (ev) => html`<b>${dataLabel(ev, say)}</b>`;
  /** @param {JsonEvent} ev */
  const mine = (ev) => peer && ev.peer === peer ? "mine" : "";

  /**
   * A cell's parts, a space between each (htm drops the spaces a template breaks a line at).
   * @param {string} kind
   * @param {unknown[]} parts
   * @param {unknown[]} [after]
   */
  const cell = (kind, parts, after = []) =>
    html`<div class=${`cell ${kind}`}>${
      parts.filter(Boolean).flatMap((p, i) => i > 0 ? [" ", p] : [p])
    }${after}</div>`;

  /** @param {Row} r */
  const row = (r) => {
    const ev = r.ev;
    const time = html`<span class="time">${clock(ev.ts)}</span>`;
    const common = { key: r.seq, "data-seq": r.seq, "data-peer": ev.peer ?? "" };
    if (ev.event === "sent") {
      const wire = ev.wire_bytes !== undefined && ev.wire_bytes !== ev.bytes
        ? chip(say("ev.wire", { wire: ev.wire_bytes }))
        : undefined;
      const rule = ev.rule !== undefined ? chip(say("ev.by_rule", { rule: ev.rule })) : undefined;
      return html`<div ...${common} class=${`row sent ${mine(ev)}`} data-fc="sent">${time}${
        cell("writes", [tag(ev), label(ev), size(ev), wire, rule, ...data(ev)])
      }</div>`;
    }
    if (ev.event === "read") {
      const isLit = lit && lit.key === r.key && lit.reads.includes(ev.read ?? 0);
      const holds = r.frames.length > 0
        ? chip(say("ev.holds", { frames: r.frames.join(", ") }))
        : undefined;
      const cut = ev.truncated
        ? chip(
          say("ev.truncated", { size: ev.datagram_bytes ?? "?", lost: ev.lost_bytes ?? "?" }),
          "warn",
        )
        : undefined;
      const brackets = r.spans.map((s) =>
        html`<span class=${`bracket ${s.at}`} style=${{ "--hue": hue(s.hue) }}></span>`
      );
      return html`
        <div ...${common} class=${`row read ${isLit ? "lit" : ""} ${mine(ev)}`}
          style=${{ "--hue": hue(ev.read ?? 0) }} data-fc="read" data-read=${ev.read}>${time}${cell(
            "reads",
            [tag(ev), label(ev), size(ev), holds, cut, ...data(ev)],
            brackets,
          )}</div>
      `;
    }
    if (ev.event === "frame") {
      const carried = r.reads.length > 1
        ? say("ev.carried_many", { reads: span(r.reads) })
        : say("ev.carried", { reads: r.reads[0] });
      return html`
        <div ...${common} class=${`row frame ${mine(ev)}`}
          style=${{ "--hue": hue(ev.read) }} data-fc="frame" data-read=${ev.read}
          data-reads=${r.reads.join(",")} onMouseEnter=${() =>
            setLit({ key: r.key, reads: r.reads })}
          onMouseLeave=${() => setLit(undefined)}>${time}${cell("frames", [
            tag(ev),
            label(ev),
            size(ev),
            chip(carried, "link"),
            ...data(ev),
          ])}</div>
      `;
    }
    return html`<div ...${common} class=${`row note ${ev.event} ${
      mine(ev)
    }`} data-fc=${ev.event}>${time}${
      cell("note-text", [tag(ev), html`<${Unbroken} text=${sentence(ev, say)} />`])
    }</div>`;
  };

  return html`
    <section class="timeline">
      <${TimelineBar}
        t=${t}
        store=${store}
        view=${[view, setView]}
        encoding=${[encoding, setEncoding]}
        needle=${[needle, setNeedle]}
        frozen=${[frozen, setFrozen]}
        whole=${whole}
      />
      ${columns
        ? html`
          <div
            class="columns"><span></span><span>${t("writes")}</span><span>${t(
              "readsCol",
            )}</span><span>${t("framesCol")}</span></div>
        `
        : ""}
      <div class="rows" ref=${rowsBox} onScroll=${onScroll} data-fc="timeline" data-rows=${rows
        .length}>
        <div class="spacer" style=${{ height: `${total}px` }}>
          <div class="window" ref=${windowBox} style=${{ top: `${tops[first]}px` }}>
            ${rows.slice(first, last).map(row)}
          </div>
        </div>
      </div>
      ${opened
        ? html`
          <${MessageDialog} t=${t} say=${say} row=${opened} encoding=${encoding}
            onClose=${() => setOpened(undefined)} />
        `
        : ""}
    </section>
  `;
}

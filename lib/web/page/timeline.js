// The conversation as rows: writes on the left, reads in the middle, frames on the right,
// each frame linked to the reads that carried it. Only the rows in view are drawn, so a
// flood costs what a screenful costs.
import { html } from "htm/preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { clock, showData } from "./format.js";
import { TimelineBar } from "./timeline_bar.js";
import { useStore } from "./use_store.js";

/** Every row is this tall (px): what is in view is then a slice of the list. */
const ROW = 26;
/** Rows drawn above and below the view, so scrolling shows no gap. */
const OVERSCAN = 8;

const hue = (read) => (read * 47) % 360;
const span = (reads) => reads.length > 1 ? `${reads[0]}–${reads.at(-1)}` : String(reads[0]);

function matches(row, peer, needle, view, encoding) {
  if (peer && row.ev.peer !== undefined && row.ev.peer !== peer) return false;
  if (!needle) return true;
  const shown = `${row.ev.event} ${row.ev.peer ?? ""} ${row.ev.message ?? ""} ${
    showData(row.ev, view, encoding)
  }`;
  return shown.toLowerCase().includes(needle.toLowerCase());
}

export function Timeline({ t, store, peer = "" }) {
  const [view, setView] = useState("text");
  const [encoding, setEncoding] = useState("utf-8");
  const [needle, setNeedle] = useState("");
  const [frozen, setFrozen] = useState(undefined);
  const [lit, setLit] = useState(undefined);
  const [scroll, setScroll] = useState({ top: 0, height: 400, follow: true });
  const box = useRef(null);
  useStore(store);

  const source = frozen ?? store.rows;
  const rows = peer || needle
    ? source.filter((r) => matches(r, peer, needle, view, encoding))
    : source;
  // Following, the view is the newest rows: known now, without waiting for the scroll event.
  const viewTop = scroll.follow ? Math.max(0, rows.length * ROW - scroll.height) : scroll.top;
  const first = Math.max(0, Math.floor(viewTop / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((viewTop + scroll.height) / ROW) + OVERSCAN);

  // Follow the newest rows unless the reader scrolled up to look at older ones. Once the
  // list is full its height stays the same: nothing to scroll, and no layout forced.
  const drawnLength = useRef(-1);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !scroll.follow || drawnLength.current === rows.length) return;
    drawnLength.current = rows.length;
    el.scrollTop = el.scrollHeight;
  });
  // The view's height, from the start and whenever the window changes size.
  useEffect(() => {
    const observer = new ResizeObserver(() => {
      const height = box.current?.clientHeight ?? 0;
      setScroll((s) => s.height === height ? s : { ...s, height });
    });
    observer.observe(box.current);
    return () => observer.disconnect();
  }, []);
  const onScroll = (e) => {
    const el = e.currentTarget;
    const follow = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
    // Our own scroll to the newest rows changes nothing to draw.
    if (follow && scroll.follow && el.clientHeight === scroll.height) return;
    setScroll({ top: el.scrollTop, height: el.clientHeight, follow });
  };

  const row = (r, index) => {
    const ev = r.ev;
    const top = { top: `${index * ROW}px` };
    const content = showData(ev, view, encoding);
    const size = ev.bytes === undefined ? "" : `${ev.bytes} B`;
    const time = html`<span class="time">${clock(ev.ts)}</span>`;
    if (ev.event === "sent") {
      return html`<div key=${r.seq} class="row sent" style=${top} data-fc="sent">
        ${time}<span class="cell writes"><b>${t("send")}${
        ev.write ? ` #${ev.write}` : ""
      }</b><span>${size}</span>
        <span class="data">${content}</span></span></div>`;
    }
    if (ev.event === "read") {
      const isLit = lit && lit.key === r.key && lit.reads.includes(ev.read);
      return html`
        <div key=${r.seq} class=${`row read ${isLit ? "lit" : ""}`} style=${{
          ...top,
          "--hue": hue(ev.read),
        }}
          data-fc="read" data-read=${ev.read} data-peer=${ev.peer ?? ""}>
                ${time}<span class="cell reads"><b>${t("read")} #${ev.read}</b><span>${size}</span>
                ${r.frames.length > 0
                  ? html`<span class="chip">${t("holds", { frames: r.frames.join(", ") })}</span>`
                  : ""}
                ${ev.truncated ? html`<span class="chip warn">truncated</span>` : ""}
                <span class="data">${content}</span>
                ${r.spans.map((s) =>
                  html`<span class=${`bracket ${s.at}`} style=${{ "--hue": hue(s.hue) }}></span>`
                )}
                </span></div>
      `;
    }
    if (ev.event === "frame") {
      return html`
        <div key=${r.seq} class="row frame" style=${{ ...top, "--hue": hue(ev.read) }}
          data-fc="frame" data-read=${ev.read} data-reads=${r.reads.join(
            ",",
          )} data-peer=${ev.peer ?? ""}
          onMouseEnter=${() => setLit({ key: r.key, reads: r.reads })} onMouseLeave=${() =>
            setLit(undefined)}>
                ${time}<span class="cell frames"><b>${t("frame")} #${ev
                  .frame}</b><span>${size}</span>
                <span class="chip link" title=${t("carriedMany", { reads: span(r.reads) })}>
                  ← ${r.reads.length > 1
                    ? t("carriedMany", { reads: span(r.reads) })
                    : t("carried", { reads: r.reads[0] })}
                </span>
                <span class="data">${content}</span>
                </span></div>
      `;
    }
    const said = ev.message ?? Object.entries(ev)
      .filter(([k]) => !["ts", "event", "peer", "demo", "phase", "role"].includes(k))
      .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
    return html`<div key=${r.seq} class=${`row note ${ev.event}`} style=${top} data-fc=${ev.event}>
      ${time}<span class="cell note-text"><b>${ev.event}</b> ${ev.peer ?? ""} ${said}</span></div>`;
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
      />
      <div class="columns"><span></span><span>${t("writes")}</span><span>${t("readsCol")}</span>
        <span>${t("framesCol")}</span></div>
      <div class="rows" ref=${box} onScroll=${onScroll} data-fc="timeline" data-rows=${rows.length}>
        <div class="spacer" style=${{ height: `${rows.length * ROW}px` }}>
          ${rows.slice(first, last).map((r, i) => row(r, first + i))}
        </div>
      </div>
    </section>
  `;
}

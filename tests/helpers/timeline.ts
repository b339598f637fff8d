/// <reference lib="dom" />
/**
 * The web page's timeline as a person sees it: it draws only the rows in
 * view, so it is scrolled from top to bottom and each row is measured once
 * it is drawn — its words, its data, its peer tag, and whether anything in it
 * runs off or is clipped.
 */
import type { Page } from "puppeteer-core";

export interface SeenRow {
  seq: string;
  /** `read`, `frame`, `sent`, `listening`, `error`… */
  fc: string;
  /** The peer the row is about (data-peer). */
  peer: string;
  /** The full address its peer tag names (its title), or null without a tag. */
  tag: string | null;
  /** What the row says, without its time, its data and its peer tag. */
  words: string;
  /** The data as shown, or null for a row without data. */
  data: string | null;
  /** A button opens the message whole: the row shows only part of it. */
  more: boolean;
  /** The cell's content is within its box, across and down (nothing runs off or is clipped). */
  fitsWidth: boolean;
  fitsHeight: boolean;
  /** The data's box ends inside its cell, and the row inside the timeline. */
  inside: boolean;
}

/** Every row of the timeline, scrolled into view one screenful after the other. */
export function timelineRows(page: Page): Promise<SeenRow[]> {
  return page.evaluate(async () => {
    const box = document.querySelector("[data-fc=timeline]") as HTMLElement;
    const settle = () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 40)))
      );
    const seen = new Map<string, unknown>();
    const measure = (row: HTMLElement) => {
      const cell = row.querySelector(".cell") as HTMLElement;
      const data = row.querySelector(".data") as HTMLElement | null;
      const words = cell.cloneNode(true) as HTMLElement;
      for (const el of words.querySelectorAll(".data, .peer-tag, .bracket")) el.remove();
      const cellBox = cell.getBoundingClientRect();
      const dataRight = data ? Math.max(...[...data.getClientRects()].map((r) => r.right)) : 0;
      return {
        seq: row.dataset.seq!,
        fc: row.dataset.fc!,
        peer: row.dataset.peer ?? "",
        tag: (row.querySelector(".peer-tag") as HTMLElement | null)?.title ?? null,
        words: words.textContent!.replace(/\s+/g, " ").trim(),
        data: data?.textContent ?? null,
        more: row.querySelector("[data-fc=open]") !== null,
        fitsWidth: cell.scrollWidth <= cell.clientWidth + 1,
        fitsHeight: cell.scrollHeight <= cell.clientHeight + 1,
        inside: dataRight <= cellBox.right + 1 &&
          row.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1,
      };
    };
    // Rows are placed again as they are measured, so the view is moved row by row: the first
    // row not yet seen is brought to the top of the view (or as near as the end allows).
    const total = Number(box.dataset.rows);
    box.scrollTop = 0;
    for (let step = 0; step < 4 * total + 20 && seen.size < total; step++) {
      await settle();
      const view = box.getBoundingClientRect();
      for (const row of box.querySelectorAll<HTMLElement>(".row")) {
        const r = row.getBoundingClientRect();
        const whole = r.bottom <= view.bottom + 1 || r.height > view.height;
        if (!seen.has(row.dataset.seq!) && r.top >= view.top - 1 && whole) {
          seen.set(row.dataset.seq!, measure(row));
        }
      }
      const next = [...box.querySelectorAll<HTMLElement>(".row")]
        .find((row) => !seen.has(row.dataset.seq!));
      if (!next) {
        box.scrollTop += Math.max(20, box.clientHeight / 2);
        continue;
      }
      const before = box.scrollTop;
      box.scrollTop += next.getBoundingClientRect().top - view.top;
      // The end of the list stops it lower than the top: it is as much in view as it can be.
      if (Math.abs(box.scrollTop - before) < 1) seen.set(next.dataset.seq!, measure(next));
    }
    return [...seen.values()];
  }) as Promise<SeenRow[]>;
}

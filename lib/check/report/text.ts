/**
 * The text report: a line per case as it ends (the explanation of a failed
 * one in full), then the table of targets × ways and the counts.
 */
import { displayWidth } from "../../display/width.ts";
import type { CheckEvent, SummaryEvent } from "../../events/types.ts";
import type { Lang } from "../../options/types.ts";
import { said, sayIn } from "../../i18n/say.ts";
import type { WordKey } from "../../i18n/words_en.ts";
import { WAYS } from "../ways.ts";
import type { Report } from "./types.ts";

/** `text` padded to `width` terminal columns (a Chinese character takes two). */
function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

export function textReport(lang: Lang, targets: string[]): Report {
  const say = (key: WordKey) => sayIn(lang, said(key));
  const status = (passed: boolean) => say(passed ? "check_report.pass" : "check_report.fail");
  const statusWidth = Math.max(displayWidth(status(true)), displayWidth(status(false)));
  const nameWidth = Math.max(0, ...targets.map(displayWidth));
  const wayWidth = Math.max(...WAYS.map((w) => displayWidth(say(`check_way.${w}`))));
  return {
    start: () => "",
    case(ev: CheckEvent) {
      const head = [
        pad(status(ev.passed), statusWidth),
        pad(ev.target, nameWidth),
        pad(say(`check_way.${ev.way}`), wayWidth),
      ].join("  ");
      return ev.passed ? `${head.trimEnd()}\n` : `${head}  ${ev.message}\n`;
    },
    end(summary: SummaryEvent) {
      const header = [
        say("check_report.target"),
        ...summary.ways.map((w) => say(`check_way.${w}`)),
      ];
      const rows = summary.table.map((row) => [
        row.target,
        ...summary.ways.map((w) => {
          const r = row.results[w];
          return r ? status(r === "pass") : say("check_report.none");
        }),
      ]);
      const widths = header.map((h, i) =>
        Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i])))
      );
      const line = (cells: string[]) =>
        cells.map((c, i) => pad(c, widths[i])).join("  ").trimEnd() + "\n";
      return "\n" + [header, ...rows].map(line).join("") + summary.message + "\n";
    },
  };
}

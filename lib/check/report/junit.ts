/**
 * The JUnit XML report, as CI systems and classroom autograders read it:
 * one testsuite per target, one testcase per way, the explanation as the
 * failure's message and the conversation in its body. Written whole at the end. A check stopped
 * before the end lists the cases it did not run as skipped, saying so.
 */
import type { CheckEvent, SummaryEvent } from "../../events/types.ts";
import { conversationLines } from "./conversation.ts";
import type { Report } from "./types.ts";
import type { Lang } from "../../options/types.ts";
import { said, sayIn } from "../../i18n/say.ts";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text as XML 1.0 takes it: markup escaped, and the characters it forbids (controls) as \uXXXX. */
export function xmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(
    // deno-lint-ignore no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function junitReport(encoding: string, lang: Lang): Report {
  const cases: CheckEvent[] = [];
  const testcase = (ev: CheckEvent) => {
    const open = `    <testcase name="${xmlText(ev.way)}" classname="${
      xmlText(`${ev.check}.${ev.target}`)
    }" time="${seconds(ev.ms)}"`;
    if (ev.passed) return `${open}/>`;
    const body = [ev.message, "", ...conversationLines(ev.conversation ?? [], encoding)];
    return [
      `${open}>`,
      `      <failure message="${xmlText(ev.message)}" type="${xmlText(ev.failure ?? "")}">${
        xmlText(body.join("\n"))
      }</failure>`,
      "    </testcase>",
    ].join("\n");
  };
  return {
    start: () => "",
    case(ev: CheckEvent) {
      cases.push(ev);
      return "";
    },
    end(summary: SummaryEvent) {
      // The ways a stop left out are skipped, saying why.
      const skipped = xmlText(sayIn(lang, said("check_report.not_run")));
      const suites = summary.table.map((row) => {
        const mine = cases.filter((c) => c.target === row.target);
        const failed = mine.filter((c) => !c.passed).length;
        const ms = mine.reduce((t, c) => t + c.ms, 0);
        const notRun = summary.ways.filter((way) => row.results[way] === undefined).map((way) =>
          `    <testcase name="${xmlText(way)}" classname="${
            xmlText(`${summary.check}.${row.target}`)
          }" time="0.000">\n      <skipped message="${skipped}"/>\n    </testcase>`
        );
        return [
          `  <testsuite name="${xmlText(row.target)}" tests="${mine.length + notRun.length}" ` +
          `failures="${failed}" errors="0" skipped="${notRun.length}" time="${seconds(ms)}">`,
          `    <properties><property name="address" value="${xmlText(row.address)}"/></properties>`,
          ...mine.map(testcase),
          ...notRun,
          "  </testsuite>",
        ].join("\n");
      });
      const ms = cases.reduce((t, c) => t + c.ms, 0);
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="${xmlText(`framecat check ${summary.check}`)}" tests="${
          summary.cases + summary.not_run
        }" failures="${summary.failed}" errors="0" skipped="${summary.not_run}" time="${
          seconds(ms)
        }">`,
        ...suites,
        "</testsuites>",
        "",
      ].join("\n");
    },
  };
}

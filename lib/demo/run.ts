/**
 * Runs a demo: each phase on loopback, then (text output) its heading, its
 * timeline and its explanation; with an NDJSON reporter, the events as they
 * happen and a `stats` event per phase with the figures it measured.
 */
import type { Emit } from "../events/types.ts";
import { writeAllSync, type Writer } from "../display/output.ts";
import { NetworkError } from "../errors.ts";
import { listenStream } from "../transport/stream.ts";
import { bindUdp } from "../transport/datagram.ts";
import { sleep } from "../sleep.ts";
import { said } from "../i18n/say.ts";
import type { Lang } from "../options/types.ts";
import { demoKey, type Translate, translator, type Vars } from "./i18n.ts";
import { PhaseLog } from "./log.ts";
import { type Paint, painter, wrap } from "./text.ts";
import { renderTimeline } from "./timeline.ts";
import type { Demo, Phase } from "./types.ts";
import type { StatsEvent } from "../events/types.ts";

/** What any phase returns. */
type Figures = Awaited<ReturnType<Phase["run"]>>;

/**
 * A demo that takes longer has hung: its sockets are closed and it fails.
 * Far above the second or two a demo takes, so a busy machine is not taken for a hang.
 */
const DEMO_LIMIT_MS = 30_000;

/**
 * A connection to our own 127.0.0.1 listener, or a datagram to our own
 * socket, takes a millisecond; one that gets no answer for this long means
 * loopback is blocked, said at once rather than after DEMO_LIMIT_MS.
 */
const LOOPBACK_PROBE_MS = 3_000;
/** Where the probe listens (through transport/, so that a failure to listen is one line too). */
const LOOPBACK = { host: "127.0.0.1", port: 0, hostGiven: true } as const;

export interface DemoRunOptions {
  lang: Lang;
  /** Encoding the bytes are shown in. Default utf-8. */
  encoding?: string;
  /** Where events go as they happen (`--output json`). */
  emit?: Emit;
  /** Where the timeline and the narration go (text output). */
  out?: Writer;
  /** ANSI colour in `out`. Default false. */
  color?: boolean;
  /** Columns of `out`. Default 100. */
  width?: number;
}

interface Page {
  t: Translate;
  paint: Paint;
  width: number;
  encoding: string;
  print(lines: string[]): void;
}

export async function runDemo(demo: Demo, o: DemoRunOptions): Promise<void> {
  const encoder = new TextEncoder();
  const page: Page = {
    t: translator(o.lang),
    paint: painter(o.color ?? false),
    width: o.width ?? 100,
    encoding: o.encoding ?? "utf-8",
    print(lines) {
      if (!o.out) return;
      writeAllSync(o.out, encoder.encode(lines.join("\n") + "\n"));
    },
  };
  await probeLoopback(demo);
  // The title on as many lines as the terminal needs, broken between words (at 80 columns
  // "== nagle: … (粘包, cause 2) ==" would wrap inside a word).
  const title = `== ${demo.name}: ${page.t(demoKey(demo.name, "summary"))} ==`;
  page.print(wrap(title, page.width).map((line) => page.paint("bold", line)));
  const deadline = performance.now() + DEMO_LIMIT_MS;
  for (const phase of demo.phases) {
    const log = new PhaseLog(demo.name, phase.id, page.t, o.emit);
    const vars = await runPhase(phase, log, deadline);
    log.report(undefined, phaseStats(demo, phase, vars));
    showPhase(demo, phase, log, vars, page);
  }
  page.print([""]);
}

/** The phase's `stats` event: its figures, tagged with the demo and phase they are of. */
function phaseStats(demo: Demo, phase: Phase, figures: Figures): StatsEvent {
  // Each phase of `demo` returns its own figures (types.ts says so one phase at a time),
  // a pairing TypeScript cannot follow through the loop over demos and phases.
  return {
    event: "stats",
    kind: "demo",
    demo: demo.name,
    phase: phase.id,
    ...figures,
  } as StatsEvent;
}

/**
 * Fails in one line when what the demo sends cannot cross loopback: a TCP
 * connection to ourselves on 127.0.0.1 that gets no answer, is refused or
 * fails at once (lo is down); a UDP datagram to ourselves that never arrives.
 */
async function probeLoopback(demo: Demo): Promise<void> {
  const seconds = LOOPBACK_PROBE_MS / 1000;
  const hint = said("demo.loopback_blocked_hint");
  const done = new AbortController();
  const late = sleep(LOOPBACK_PROBE_MS, done.signal).then(() => "late" as const);
  try {
    if (demo.transport === "udp") {
      if (!await udpComesBack(late)) {
        throw new NetworkError(
          said("demo.loopback_udp_blocked", { demo: demo.name, seconds }),
          hint,
        );
      }
      return;
    }
    const answer = await tcpAnswers(late);
    if (answer === "refused") {
      throw new NetworkError(said("demo.loopback_refused", { demo: demo.name }), hint);
    }
    if (answer === "failed") {
      throw new NetworkError(said("demo.loopback_failed", { demo: demo.name }), hint);
    }
    if (answer === "late") {
      throw new NetworkError(said("demo.loopback_blocked", { demo: demo.name, seconds }), hint);
    }
  } finally {
    done.abort();
  }
}

/** Connects to a listener of our own on 127.0.0.1: whether it answered before `late`. */
async function tcpAnswers(
  late: Promise<"late">,
): Promise<"ok" | "refused" | "failed" | "late"> {
  const listener = await listenStream({ ...LOOPBACK, transport: "tcp" });
  const connecting = Deno.connect({
    hostname: LOOPBACK.host,
    port: (listener.addr as Deno.NetAddr).port,
  });
  try {
    const answered = connecting.then(
      () => "ok" as const,
      (err) =>
        err instanceof Deno.errors.ConnectionRefused ? "refused" as const : "failed" as const,
    );
    return await Promise.race([answered, late]);
  } finally {
    listener.close();
    // A connection that comes (or fails) after all is closed (or dropped) quietly.
    connecting.then((conn) => conn.close(), () => {/* it never came */});
  }
}

/** Sends a datagram to a socket of our own on 127.0.0.1: whether it arrived before `late`. */
async function udpComesBack(late: Promise<"late">): Promise<boolean> {
  const socket = bindUdp({ ...LOOPBACK, transport: "udp" });
  try {
    const arrived = socket.receive().then(() => true, () => false);
    const sent = await socket.send(new Uint8Array([0x66]), socket.addr).then(
      () => true,
      () => false,
    );
    return sent && await Promise.race([arrived, late.then(() => false)]);
  } finally {
    socket.close();
  }
}

/** Runs one phase before the deadline; its sockets are closed whatever happens. */
async function runPhase(phase: Phase, log: PhaseLog, deadline: number): Promise<Figures> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      log.closeAll();
      reject(
        new NetworkError(
          said("demo.too_long", { demo: log.demo, seconds: DEMO_LIMIT_MS / 1000 }),
          said("demo.too_long_hint"),
        ),
      );
    }, Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([phase.run(log), late]);
  } finally {
    clearTimeout(timer);
    log.closeAll();
  }
}

function showPhase(demo: Demo, phase: Phase, log: PhaseLog, vars: Vars, page: Page): void {
  const { t, paint, width } = page;
  const headings: [string, string] = demo.columns === "server-client"
    ? [t("col.server"), t("col.client")]
    : [t("col.sender"), t("col.receiver")];
  page.print([
    "",
    ...wrap(t(demoKey(demo.name, phase.id, "heading"), vars), width).map((l) => paint("bold", l)),
    "",
    ...renderTimeline(log.entries, { t, encoding: page.encoding, width, paint, headings }),
    "",
    ...wrap(t(demoKey(demo.name, phase.id, "explain"), vars), width),
  ]);
}

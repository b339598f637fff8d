/**
 * What the new-session form offers as an endpoint before anything is typed
 * (lib/web/page/endpoints.js, run here as the page runs it): a listener any
 * free port; a client the newest running listener of the workspace that the
 * command can take, with the transport its listening event said, a wildcard
 * address as the loopback. The page itself is driven in
 * tests/web_form_test.ts.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { offeredEndpoint, reachOf } from "../lib/web/page/endpoints.js";
import type { SessionSummary } from "../lib/web/session.ts";

let ids = 0;
/** A session as GET /api/sessions lists it; each one started a second after the one before. */
function session(
  argv: string[],
  address?: string,
  state = "running",
  transport: SessionSummary["transport"] = "tcp",
): SessionSummary {
  ids++;
  return {
    id: String(ids),
    argv,
    state: state as SessionSummary["state"],
    started: new Date(Date.UTC(2026, 11, 7, 0, 0, ids)).toISOString(),
    ...(address === undefined ? {} : { address, transport }),
    events: 1,
    repeats: [],
    peers: [],
  };
}

Deno.test("web form endpoints: a listener's address as a client reaches it, with its listening event's transport", () => {
  const cases: [string[], string | undefined, SessionSummary["transport"], string | undefined][] = [
    [["serve", "tcp://127.0.0.1:0"], "127.0.0.1:40001", "tcp", "tcp://127.0.0.1:40001"],
    [["serve", "9000"], "0.0.0.0:9000", "tcp", "tcp://127.0.0.1:9000"],
    [["serve", "udp://0.0.0.0:5201"], "0.0.0.0:5201", "udp", "udp://127.0.0.1:5201"],
    // Options before the endpoint (as typed: `serve --framing len udp://… --web`), socat spellings.
    [
      ["serve", "--framing", "len", "udp://0.0.0.0:5000"],
      "0.0.0.0:5000",
      "udp",
      "udp://127.0.0.1:5000",
    ],
    [["serve", "UDP-LISTEN:7000"], "0.0.0.0:7000", "udp", "udp://127.0.0.1:7000"],
    [["serve", "OPENSSL-LISTEN:8443"], "0.0.0.0:8443", "tls", "tls://127.0.0.1:8443"],
    [["serve", "[::]:9001"], "[::]:9001", "tcp", "tcp://[::1]:9001"],
    [["serve", "udp://[::1]:9002"], "[::1]:9002", "udp", "udp://[::1]:9002"],
    [["serve", "unix:/tmp/fc.sock"], "/tmp/fc.sock", "unix", "unix:/tmp/fc.sock"],
    // Not listening (yet, or any more): nothing to offer.
    [["serve", "tcp://127.0.0.1:0"], undefined, "tcp", undefined],
  ];
  for (const [argv, address, transport, want] of cases) {
    assertEquals(reachOf(session(argv, address, "running", transport)), want, argv.join(" "));
  }
  assertEquals(reachOf(session(["serve", "9000"], "0.0.0.0:9000", "stopped")), undefined);
});

Deno.test("web form endpoints: each kind offers the newest running listener it goes to, else a default", () => {
  assertEquals(offeredEndpoint("serve", []), "tcp://127.0.0.1:0");
  assertEquals(offeredEndpoint("connect", []), "tcp://127.0.0.1:9000");
  const serve = session(["serve", "tcp://127.0.0.1:0"], "127.0.0.1:41000");
  const sink = session(["sink", "udp://0.0.0.0:0"], "0.0.0.0:42000", "running", "udp");
  const relay = session(["relay", "tcp://127.0.0.1:0", "tcp://127.0.0.1:41000"], "127.0.0.1:43000");
  const stopped = session(["serve", "tcp://127.0.0.1:0"], "127.0.0.1:44000", "stopped");
  const all = [serve, sink, relay, stopped];
  // A listener keeps any free port whatever runs.
  for (const kind of ["serve", "relay", "sink"] as const) {
    assertEquals(offeredEndpoint(kind, all), "tcp://127.0.0.1:0", kind);
  }
  // A client the newest server or relay (the relay, put in front of the server after it).
  assertEquals(offeredEndpoint("connect", all), "tcp://127.0.0.1:43000");
  assertEquals(offeredEndpoint("connect", [serve, sink]), "tcp://127.0.0.1:41000");
  // A flood its sink first; with none, a server.
  assertEquals(offeredEndpoint("flood", all), "udp://127.0.0.1:42000");
  assertEquals(offeredEndpoint("flood", [serve]), "tcp://127.0.0.1:41000");
  // A relay's target the newest server, never another relay.
  assertEquals(offeredEndpoint("target", all), "tcp://127.0.0.1:41000");
  assertEquals(offeredEndpoint("target", [relay, stopped]), "tcp://127.0.0.1:9000");
  // Only what the command takes: a UDP relay's target a UDP server, a stream relay's a stream
  // one; a flood's never a unix or TLS listener.
  const udpServe = session(["serve", "udp://127.0.0.1:0"], "127.0.0.1:45000", "running", "udp");
  const unixServe = session(["serve", "unix:/tmp/u.sock"], "/tmp/u.sock", "running", "unix");
  assertEquals(offeredEndpoint("target", [serve, udpServe]), "tcp://127.0.0.1:41000");
  assertEquals(
    offeredEndpoint("target", [serve, udpServe], "udp://127.0.0.1:0"),
    "udp://127.0.0.1:45000",
  );
  assertEquals(offeredEndpoint("target", [serve], "UDP-LISTEN:0"), "udp://127.0.0.1:9000");
  assertEquals(offeredEndpoint("flood", [serve, unixServe]), "tcp://127.0.0.1:41000");
  assertEquals(offeredEndpoint("connect", [serve, unixServe]), "unix:/tmp/u.sock");
  // The newest run, as started: a restarted session keeps its place in the list.
  const restarted = { ...serve, started: new Date(Date.UTC(2026, 11, 8)).toISOString() };
  assertEquals(offeredEndpoint("connect", [restarted, relay]), "tcp://127.0.0.1:41000");
});

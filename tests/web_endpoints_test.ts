/**
 * What the new-session form offers as an endpoint before anything is typed
 * (lib/web/page/endpoints.js, run here as the page runs it): a listener any
 * free port; a client the newest running listener of the workspace, with the
 * scheme it listens with, socat's spellings read as framecat reads them, a
 * wildcard address as the loopback. The page itself is driven in
 * tests/web_form_test.ts.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { offeredEndpoint, reachOf } from "../lib/web/page/endpoints.js";
import type { SessionSummary } from "../lib/web/session.ts";

let ids = 0;
function session(argv: string[], address?: string, state = "running"): SessionSummary {
  return {
    id: String(++ids),
    argv,
    state: state as SessionSummary["state"],
    started: "2026-12-07T00:00:00.000Z",
    ...(address === undefined ? {} : { address }),
    events: 1,
    repeats: [],
    peers: [],
  };
}

Deno.test("web form endpoints: a listener's address as a client reaches it, in each spelling", () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ["tcp://127.0.0.1:0", "127.0.0.1:40001", "tcp://127.0.0.1:40001"],
    ["9000", "0.0.0.0:9000", "tcp://127.0.0.1:9000"],
    ["udp://0.0.0.0:5201", "0.0.0.0:5201", "udp://127.0.0.1:5201"],
    ["UDP-LISTEN:7000", "0.0.0.0:7000", "udp://127.0.0.1:7000"],
    ["tcp-listen:7001", "0.0.0.0:7001", "tcp://127.0.0.1:7001"],
    ["tls://127.0.0.1:0", "127.0.0.1:40443", "tls://127.0.0.1:40443"],
    ["OPENSSL-LISTEN:8443", "0.0.0.0:8443", "tls://127.0.0.1:8443"],
    ["[::]:9001", "[::]:9001", "tcp://[::1]:9001"],
    ["udp://[::1]:9002", "[::1]:9002", "udp://[::1]:9002"],
    ["unix:/tmp/fc.sock", "/tmp/fc.sock", "unix:/tmp/fc.sock"],
    ["UNIX-LISTEN:/tmp/fc2.sock", "/tmp/fc2.sock", "unix:/tmp/fc2.sock"],
    // A host whose name starts like a scheme is a host.
    ["tcpbox:9003", "10.0.0.5:9003", "tcp://10.0.0.5:9003"],
    // Not listening (yet, or any more): nothing to offer.
    ["tcp://127.0.0.1:0", undefined, undefined],
  ];
  for (const [listen, address, want] of cases) {
    assertEquals(reachOf(session(["serve", listen], address)), want, listen);
  }
  assertEquals(reachOf(session(["serve", "9000"], "0.0.0.0:9000", "stopped")), undefined);
});

Deno.test("web form endpoints: each kind offers the newest running listener it goes to, else a default", () => {
  assertEquals(offeredEndpoint("serve", []), "tcp://127.0.0.1:0");
  assertEquals(offeredEndpoint("connect", []), "tcp://127.0.0.1:9000");
  const serve = session(["serve", "tcp://127.0.0.1:0"], "127.0.0.1:41000");
  const sink = session(["sink", "udp://0.0.0.0:0"], "0.0.0.0:42000");
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
});

// @ts-check
// Where the new-session form's endpoints point until something is typed in them: a listener on
// any free port, a client at the newest running listener of the workspace.
/**
 * @import { SessionSummary } from "../session.ts"
 */

/** @typedef {"serve" | "connect" | "relay" | "sink" | "flood" | "demo"} Kind */

/** Where a server, relay or sink listens until something else is typed there: any free port. */
const LISTEN_AT = "tcp://127.0.0.1:0";
/** Where a client (or a relay's target) goes when no session of the workspace listens. */
const REACH_AT = "tcp://127.0.0.1:9000";

/**
 * The running sessions whose address a kind's endpoint (and a relay's target) offers until
 * something is typed there: the newest of the first group that has one. A client reaches the
 * newest server or relay (one put in front of the server comes after it); a flood its sink.
 * @type {Partial<Record<Kind | "target", Kind[][]>>}
 */
const FOLLOWS = {
  connect: [["serve", "relay"]],
  flood: [["sink"], ["serve", "relay"]],
  target: [["serve"]],
};

/**
 * The endpoint a client reaches a running listener of the workspace at, with the scheme (or
 * unix path) it listens with; a wildcard address as this machine's loopback.
 * @param {SessionSummary} s
 * @returns {string | undefined}
 */
export function reachOf(s) {
  if (s.state !== "running" || s.address === undefined) return undefined;
  // framecat's schemes and socat's spellings of them (UDP-LISTEN:9000, OPENSSL-LISTEN:443).
  const named = /^(tcp|udp|tls|unix|openssl)4?(?:-listen)?:/i.exec(s.argv[1] ?? "")?.[1];
  const lower = named?.toLowerCase() ?? "tcp";
  const scheme = lower === "openssl" ? "tls" : lower;
  if (scheme === "unix") return `unix:${s.address}`;
  const address = s.address.replace(/^0\.0\.0\.0:/, "127.0.0.1:").replace(/^\[::\]:/, "[::1]:");
  return `${scheme}://${address}`;
}

/**
 * What a kind's endpoint (or "target", a relay's) offers while nothing is typed there.
 * @param {Kind | "target"} what
 * @param {SessionSummary[]} sessions
 */
export function offeredEndpoint(what, sessions) {
  const groups = FOLLOWS[what];
  if (groups === undefined) return LISTEN_AT;
  for (const kinds of groups) {
    const newest = sessions.findLast((s) =>
      kinds.includes(/** @type {Kind} */ (s.argv[0])) && reachOf(s)
    );
    if (newest) return /** @type {string} */ (reachOf(newest));
  }
  return REACH_AT;
}

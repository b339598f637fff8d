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

/** What a flood can send to: it speaks tcp:// and udp:// alone. */
const FLOODED = ["tcp", "udp"];

/**
 * The endpoint a client reaches a running listener of the workspace at, with the scheme (or
 * unix path) it listens with, as its `listening` event said; a wildcard address as this
 * machine's loopback.
 * @param {SessionSummary} s
 * @returns {string | undefined}
 */
export function reachOf(s) {
  if (s.state !== "running" || s.address === undefined) return undefined;
  const scheme = s.transport ?? "tcp";
  if (scheme === "unix") return `unix:${s.address}`;
  const address = s.address.replace(/^0\.0\.0\.0:/, "127.0.0.1:").replace(/^\[::\]:/, "[::1]:");
  return `${scheme}://${address}`;
}

/**
 * Whether an endpoint as typed is UDP (framecat's scheme or socat's spellings of it).
 * @param {string} endpoint
 */
function isUdp(endpoint) {
  return /^udp4?(?::|-listen:)/i.test(endpoint.trim());
}

/**
 * What a kind's endpoint (or "target", a relay's) offers while nothing is typed there. Only
 * listeners the command can take: a relay's target is UDP when the relay listens on UDP and a
 * stream when it does not (`relayListen`: its endpoint as shown); a flood's is TCP or UDP.
 * @param {Kind | "target"} what
 * @param {SessionSummary[]} sessions
 * @param {string} [relayListen]
 */
export function offeredEndpoint(what, sessions, relayListen = LISTEN_AT) {
  const groups = FOLLOWS[what];
  if (groups === undefined) return LISTEN_AT;
  /** @param {SessionSummary} s */
  const takes = (s) => {
    const transport = s.transport ?? "tcp";
    if (what === "flood") return FLOODED.includes(transport);
    if (what === "target") return (transport === "udp") === isUdp(relayListen);
    return true;
  };
  for (const kinds of groups) {
    const candidates = sessions.filter((s) =>
      kinds.includes(/** @type {Kind} */ (s.argv[0])) && reachOf(s) !== undefined && takes(s)
    );
    // The newest run: a restarted session keeps its place in the list, not its start.
    const newest = candidates.reduce(
      (/** @type {SessionSummary | undefined} */ best, s) =>
        best === undefined || s.started >= best.started ? s : best,
      undefined,
    );
    if (newest) return /** @type {string} */ (reachOf(newest));
  }
  return what === "target" && isUdp(relayListen) ? REACH_AT.replace("tcp:", "udp:") : REACH_AT;
}

/**
 * Who may run commands through exec: by default only the user framecat runs
 * as. On Linux the owner of a peer's socket is in /proc/net; a peer of another
 * uid (`nobody` on the same machine) is refused before any command runs.
 */
import { isLoopback } from "../transport/endpoint.ts";
import { localAddresses } from "../transport/interfaces.ts";
import { canonicalIp, canTellOwners, ownUid, socketOwner } from "../transport/peer_owner.ts";
import type { BehaviorContext, Peer } from "./types.ts";

/** Why `peer` may not run commands, or undefined when it may. */
export type Admission = (peer: Peer) => Promise<string | undefined>;

const everyone: Admission = () => Promise.resolve(undefined);

/** The admission of an exec server, with a loud `info` at start where it lets everyone in. */
export function execAdmission(ctx: BehaviorContext): Admission {
  const { endpoint, execAnyUser } = ctx.options;
  // A unix socket file is made with the umask's mode (0755): only its owner may connect to it.
  if (endpoint.transport === "unix") return everyone;
  const warn = (message: string) =>
    ctx.emit({ event: "info", kind: "warning", warning: true, message });
  if (execAnyUser) {
    warn("WARNING: --exec-any-user: every local user who can reach this port runs commands as you");
    return everyone;
  }
  const uid = canTellOwners() ? ownUid() : undefined;
  if (uid === undefined) {
    warn(
      "WARNING: this system cannot tell which user a peer is: any local user who can reach " +
        "this port runs commands as you; serve exec on a unix socket (unix:PATH) to keep them out",
    );
    return everyone;
  }
  const verdicts = new WeakMap<Peer, Promise<string | undefined>>();
  return (peer) => {
    let verdict = verdicts.get(peer);
    if (!verdict) verdicts.set(peer, verdict = judge(peer, uid));
    return verdict;
  };
}

async function judge(peer: Peer, uid: number): Promise<string | undefined> {
  const remote = peer.remoteAddr as Deno.NetAddr;
  const transport = peer.transport === "udp" ? "udp" : "tcp";
  const owner = await socketOwner(transport, remote, peer.localAddr as Deno.NetAddr);
  if (owner === uid) return undefined;
  const refusal = "--exec-any-user lets every local user run commands";
  if (owner !== undefined) {
    return `refused ${peer.name}: its socket belongs to uid ${owner}, not to ours (${uid}); ${refusal}`;
  }
  // Another machine (only --exec-public binds where one can reach us): it chose to let them in.
  if (!isOurAddress(remote.hostname)) return undefined;
  return `refused ${peer.name}: no socket of this machine is there (a forged source?)`;
}

function isOurAddress(host: string): boolean {
  const ip = canonicalIp(host);
  return isLoopback(ip) || [...localAddresses()].some((a) => canonicalIp(a) === ip);
}

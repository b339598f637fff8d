/**
 * Who may run commands through exec: by default only the user framecat runs
 * as. On Linux the owner of a peer's socket is in /proc/net; a peer of another
 * uid (`nobody` on the same machine) is refused before any command runs.
 */
import { isLoopback } from "../transport/endpoint.ts";
import { localAddresses } from "../transport/interfaces.ts";
import { canonicalIp, canTellOwners, ownUid, socketOwner } from "../transport/peer_owner.ts";
import type { BehaviorContext, Peer } from "./types.ts";
import { type Said, said, saying, type WordKey } from "../i18n/say.ts";

/** Why `peer` may not run commands, or undefined when it may. */
export type Admission = (peer: Peer) => Promise<Said | undefined>;

const everyone: Admission = () => Promise.resolve(undefined);

/** The admission of an exec server, with a loud `info` at start where it lets everyone in. */
export function execAdmission(ctx: BehaviorContext): Admission {
  const { endpoint, execAnyUser } = ctx.options;
  // exec's unix socket file is made with mode 0600 whatever the umask (commands/serve.ts): only
  // its owner (and root) may connect to it.
  if (endpoint.transport === "unix") return everyone;
  const warn = (key: WordKey) =>
    ctx.emit({ event: "info", kind: "warning", warning: true, ...saying(said(key)) });
  if (execAnyUser) {
    warn("exec.any_user");
    return everyone;
  }
  const uid = canTellOwners() ? ownUid() : undefined;
  if (uid === undefined) {
    warn("exec.owners_unknown");
    return everyone;
  }
  const verdicts = new WeakMap<Peer, Promise<Said | undefined>>();
  return (peer) => {
    let verdict = verdicts.get(peer);
    if (!verdict) verdicts.set(peer, verdict = judge(peer, uid));
    return verdict;
  };
}

async function judge(peer: Peer, uid: number): Promise<Said | undefined> {
  const remote = peer.remoteAddr as Deno.NetAddr;
  const transport = peer.transport === "udp" ? "udp" : "tcp";
  const owner = await socketOwner(transport, remote, peer.localAddr as Deno.NetAddr);
  if (owner === uid) return undefined;
  if (owner !== undefined) return said("exec.other_user", { peer: peer.name, owner, uid });
  // Another machine (only --exec-public binds where one can reach us): it chose to let them in.
  if (!isOurAddress(remote.hostname)) return undefined;
  return said("exec.forged", { peer: peer.name });
}

function isOurAddress(host: string): boolean {
  const ip = canonicalIp(host);
  return isLoopback(ip) || [...localAddresses()].some((a) => canonicalIp(a) === ip);
}

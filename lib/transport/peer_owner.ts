/**
 * Which local user is at the other end: the owner of the peer's socket, as
 * Linux lists every socket with its uid in /proc/net/{tcp,tcp6,udp,udp6}.
 * Other systems cannot tell (Deno has no SO_PEERCRED): `canTellOwners` says so.
 */

/** The /proc/net files of a transport, IPv4 then IPv6. */
const TABLES = { tcp: ["tcp", "tcp6"], udp: ["udp", "udp6"] } as const;
/** TCP states that are no live socket of a peer: TIME_WAIT, LISTEN. */
const NOT_A_PEER = new Set(["06", "0A"]);
/** The machine's byte order: /proc prints each 32-bit word of an address in it. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** True when this system lists its sockets' owners (Linux, /proc readable). */
export function canTellOwners(): boolean {
  try {
    Deno.readTextFileSync("/proc/net/tcp");
    return ownUid() !== undefined;
  } catch {
    return false;
  }
}

/** Our effective uid, from /proc/self/status (no permission beyond reading /proc). */
export function ownUid(): number | undefined {
  try {
    const line = /^Uid:\s+\d+\s+(\d+)/m.exec(Deno.readTextFileSync("/proc/self/status"));
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The uid owning the peer's socket: for TCP the one connected from `remote`
 * to our `local`, for UDP the one bound at `remote` (or at the wildcard
 * address on its port). Undefined when no socket of this machine is there
 * (another host, or a forged UDP source).
 */
export async function socketOwner(
  transport: "tcp" | "udp",
  remote: Deno.NetAddr,
  local: Deno.NetAddr,
): Promise<number | undefined> {
  const peer = `${canonicalIp(remote.hostname)}:${remote.port}`;
  const ours = `${canonicalIp(local.hostname)}:${local.port}`;
  // A UDP client that never bound is listed at the wildcard address, on its port.
  const anywhere = new Set([`0.0.0.0:${remote.port}`, `:::${remote.port}`]);
  let wildcard: number | undefined;
  for (const table of TABLES[transport]) {
    const text = await Deno.readTextFile(`/proc/net/${table}`).catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const [, localCol, remoteCol, state, , , , uid] = line.trim().split(/\s+/);
      if (uid === undefined) continue;
      const at = procAddress(localCol);
      if (transport === "udp") {
        if (at === peer) return Number(uid);
        if (at !== undefined && anywhere.has(at)) wildcard ??= Number(uid);
      } else if (at === peer && !NOT_A_PEER.has(state) && procAddress(remoteCol) === ours) {
        return Number(uid);
      }
    }
  }
  return wildcard;
}

/** `0100007F:1F90` or 32 hex digits and a port, as `ip:port` in canonicalIp's form. */
function procAddress(col: string): string | undefined {
  const [hex, port] = col.split(":");
  if (!hex || !port || (hex.length !== 8 && hex.length !== 32)) return undefined;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const b = [0, 2, 4, 6].map((i) => parseInt(hex.slice(word + i, word + i + 2), 16));
    bytes.push(...(LITTLE_ENDIAN ? b.reverse() : b));
  }
  const ip = bytes.length === 4 ? bytes.join(".") : canonicalIp(
    Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16))
      .join(":"),
  );
  return `${ip}:${parseInt(port, 16)}`;
}

/** One spelling per address: IPv6 as WHATWG URLs write it, an IPv4-mapped one as IPv4. */
export function canonicalIp(host: string): string {
  if (!host.includes(":")) return host;
  const v6 = new URL(`http://[${host.replace(/%.*$/, "")}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (!mapped) return v6;
  const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
}

/**
 * One to many (PRODUCT.md, Endpoints): UDP sockets on a multicast group.
 *
 * A member binds the group's port on every address, shared (several framecats
 * on one machine may join one group and port), and joins the group on one
 * interface. A client sends from a port of its own, so each member's reply
 * comes back to it alone; it is a member too, through a second socket that
 * hears what the others send to the group. The sending socket joins as well:
 * the Deno API sets a socket's multicast TTL and loop through a membership.
 */
import { NetworkError, saidOf } from "../errors.ts";
import { isGroup, type NetEndpoint } from "./endpoint.ts";
import { bindUdp, bindUdpClient, type DatagramSocket } from "./datagram.ts";
import { describeInterfaces, findInterface, type Iface, localAddresses } from "./interfaces.ts";
import { closeQuietly } from "../close.ts";
import { type Said, said } from "../i18n/say.ts";

/** One to many: a UDP endpoint whose host is a multicast group or a broadcast address. */
export interface GroupOptions {
  /** --iface: the interface, by address or name. Default: the system's choice. */
  iface?: string;
  /** --ttl: hop limit of multicast datagrams sent. Default 1. */
  ttl: number;
  /** False with --no-loop: our own datagrams to a group do not come back. Default true. */
  loop: boolean;
}

/** Which group was joined, and where: the fields the `listening` event adds. */
export interface Joined {
  group: string;
  /** The interface's name, or `default` when the system chose it. */
  iface: string;
  /** `group 239.1.2.3 on eth0`, in any language */
  text: Said;
}

/**
 * A socket that receives on `ep`: for a group, its port shared by every member
 * and the group joined. It is bound to the group's address, so it hears what
 * is sent to the group and nothing sent to the port by unicast (Windows cannot
 * bind a group's address: there it binds every address).
 */
export async function bindUdpReceiver(
  ep: NetEndpoint,
  g: GroupOptions,
): Promise<{ sock: Deno.DatagramConn; joined?: Joined }> {
  if (!isGroup(ep.host)) return { sock: bindUdp(ep) };
  const iface = g.iface === undefined ? undefined : findInterface(g.iface);
  const sock = bindUdp(groupBind(ep, iface), { reuseAddress: true, loopback: g.loop });
  return { sock, joined: await joinOrClose(sock, ep.host, iface, g) };
}

/**
 * A client's sending socket. For a group it joins too, for the TTL and loop of
 * what it sends, but on a port of its own, where no group traffic comes. With
 * --iface it leaves by that interface (also for a subnet's broadcast address).
 */
export async function bindUdpSender(
  ep: NetEndpoint,
  g: GroupOptions,
): Promise<{ sock: Deno.DatagramConn; joined?: Joined }> {
  const iface = g.iface === undefined ? undefined : findInterface(g.iface);
  const host = iface ? ifaceHost(iface, ep.host.includes(":")) : anyAddress(ep).host;
  const local = { ...ep, port: 0, host };
  if (!isGroup(ep.host)) return { sock: iface ? bindUdp(local) : bindUdpClient(ep) };
  const sock = bindUdp(local, { loopback: g.loop });
  return { sock, joined: await joinOrClose(sock, ep.host, iface, g) };
}

/** A client that is a member of a group: it sends, and hears the other members (see above). */
export async function bindUdpMember(
  ep: NetEndpoint,
  g: GroupOptions,
): Promise<{ sock: DatagramSocket; joined?: Joined; member?: GroupMember }> {
  const { sock: sender, joined } = await bindUdpSender(ep, g);
  if (!joined) return { sock: sender };
  try {
    const { sock: listener } = await bindUdpReceiver(ep, g);
    const member = new GroupMember(sender, listener, g.loop);
    return { sock: member, joined, member };
  } catch (err) {
    sender.close();
    throw err;
  }
}

/**
 * Where a group member binds: the group's address, scoped to the interface for
 * an IPv6 group of link or interface scope (ff02::, ff01::); every address where
 * that cannot be done (Windows; a link-scoped group on the system's interface).
 */
function groupBind(ep: NetEndpoint, iface: Iface | undefined): NetEndpoint {
  if (Deno.build.os === "windows") return anyAddress(ep);
  if (!ep.host.includes(":")) return ep;
  const linkScoped = /^ff[0-9a-f][12]:/i.test(ep.host);
  if (!linkScoped) return ep;
  return iface?.index !== undefined ? { ...ep, host: `${ep.host}%${iface.index}` } : anyAddress(ep);
}

/** The same endpoint on every address of its family: a member hears the group whatever the route. */
function anyAddress(ep: NetEndpoint): NetEndpoint {
  return { ...ep, host: ep.host.includes(":") ? "::" : "0.0.0.0" };
}

/** Where a socket binds to leave by `iface`: its IPv4 address, or its scoped link-local one. */
function ifaceHost(iface: Iface, v6: boolean): string {
  const host = v6 ? iface.v6 : iface.v4;
  if (host !== undefined) return host;
  throw new NetworkError(
    said(v6 ? "group.iface_no_v6" : "group.iface_no_v4", { name: iface.name }),
    said("group.interfaces_here", { interfaces: describeInterfaces() }),
  );
}

/** Joins `group` with the TTL and loop asked for; closes the socket and says why if it cannot. */
async function joinOrClose(
  sock: Deno.DatagramConn,
  group: string,
  iface: Iface | undefined,
  g: GroupOptions,
): Promise<Joined> {
  // `group 239.1.2.3 on eth0`, or on the interface the system chose.
  const on = iface
    ? said("group.on", { group, iface: iface.name })
    : said("group.on_default", { group });
  try {
    if (group.includes(":")) {
      const membership = await sock.joinMulticastV6(group, iface?.index ?? 0);
      await membership.setLoopback(g.loop);
    } else {
      const membership = await sock.joinMulticastV4(
        group,
        iface ? ifaceHost(iface, false) : "0.0.0.0",
      );
      await membership.setLoopback(g.loop);
      await membership.setTTL(g.ttl);
    }
  } catch (err) {
    sock.close();
    if (err instanceof NetworkError) throw err;
    throw new NetworkError(
      said("group.cannot_join", { on, error: saidOf(err) }),
      said("group.hint", { interfaces: describeInterfaces() }),
    );
  }
  return { group, iface: iface?.name ?? "default", text: on };
}

type Received = [Uint8Array<ArrayBuffer>, Deno.Addr];
/** A receive that settled: never rejects, so a closed socket's pending receive is no stray rejection. */
type Outcome = { from: number; got?: Received; err?: unknown };

/**
 * A client in a group: it sends (and hears replies) on `sender`, and hears the
 * group on `listener`. Receiving takes whichever socket has a datagram first.
 * With --no-loop our own datagrams are dropped here too: on a loopback
 * interface the kernel's loop setting cannot stop them (the interface itself
 * carries them back).
 */
export class GroupMember implements DatagramSocket {
  readonly #sockets: Deno.DatagramConn[];
  /** Which socket has a receive under way: at most one each, however many datagrams come. */
  readonly #receiving = [false, false];
  /** Receives that settled and were not taken yet: at most one per socket. */
  readonly #settled: Outcome[] = [];
  #wake?: () => void;
  readonly #local = localAddresses();

  constructor(sender: Deno.DatagramConn, listener: Deno.DatagramConn, readonly loop: boolean) {
    this.#sockets = [sender, listener];
  }

  get addr(): Deno.Addr {
    return this.#sockets[0].addr;
  }

  send(p: Uint8Array, addr: Deno.Addr): Promise<number> {
    return this.#sockets[0].send(p, addr);
  }

  /**
   * The next datagram of either socket. Each socket's receive is settled into
   * a queue, never raced: a race on a socket that stays idle would leave one
   * more reaction, holding the datagram, on its receive for every datagram the
   * other socket gets.
   */
  async receive(): Promise<Received> {
    while (true) {
      this.#sockets.forEach((sock, from) => this.#receiveOn(sock, from));
      while (this.#settled.length === 0) await new Promise<void>((wake) => (this.#wake = wake));
      const { got, err } = this.#settled.shift()!;
      if (!got) throw err;
      if (this.loop || !this.isOwn(got[1])) return got;
    }
  }

  #receiveOn(sock: Deno.DatagramConn, from: number): void {
    if (this.#receiving[from]) return;
    this.#receiving[from] = true;
    const settle = (outcome: Outcome) => {
      this.#receiving[from] = false;
      this.#settled.push(outcome);
      this.#wake?.();
      this.#wake = undefined;
    };
    sock.receive().then((got) => settle({ from, got }), (err) => settle({ from, err }));
  }

  /** True when a datagram came from our own sending socket (the group looped it back). */
  isOwn(addr: Deno.Addr): boolean {
    const mine = this.#sockets[0].addr as Deno.NetAddr;
    const from = addr as Deno.NetAddr;
    return from.port === mine.port && this.#local.has(from.hostname.toLowerCase());
  }

  close(): void {
    for (const sock of this.#sockets) {
      closeQuietly(sock);
    }
  }
}

/**
 * A small LAN made of network namespaces: hosts joined by a Linux bridge with
 * multicast snooping off (so a group's datagrams reach every port), an IPv4
 * and an IPv6 address each, a multicast route on each host, and IPv6 duplicate
 * address detection off so every address is usable at once. Needs root.
 */
import { sleep } from "../../lib/sleep.ts";
import { output } from "./process.ts";

export interface Host {
  ns: string;
  /** The host's interface on the bridge. */
  dev: string;
  ip: string;
  ip6: string;
}

export interface Lan extends AsyncDisposable {
  hosts: Host[];
  /** The subnet's broadcast address. */
  broadcast: string;
  /** The namespace of the bridge: interfaces with no address, no route at all. */
  bridge: Pick<Host, "ns">;
  /** `ip netns exec NS`: what runs a command on a host. */
  wrap(host: Pick<Host, "ns">): string[];
  /** Runs a command on a host to its end; its stdout as text. */
  run(host: Host, cmd: string, ...args: string[]): Promise<string>;
}

async function sh(cmd: string, ...args: string[]): Promise<string> {
  return new TextDecoder().decode(await output(cmd, args));
}

/** Whether this machine lets us make network namespaces (root, iproute2); the reason if not. */
export async function namespacesUnavailable(prefix: string): Promise<string | undefined> {
  const probe = `${prefix}probe${Deno.pid}`;
  try {
    await sh("ip", "netns", "add", probe);
    await sh("ip", "netns", "del", probe);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.trim() : String(err);
  }
}

/**
 * Makes `count` hosts on one bridge: namespaces `<prefix><id>h1`…, addresses
 * 10.<net>.0.1… and fd<net>::1…/64. Removed on dispose, even half made.
 */
export async function makeLan(prefix: string, count: number, net: number): Promise<Lan> {
  const id = `${Deno.pid % 10000}${Math.floor(Math.random() * 100)}`;
  const bridgeNs = `${prefix}${id}br`;
  const namespaces = [bridgeNs];
  const lan: Lan = {
    hosts: [],
    broadcast: `10.${net}.0.255`,
    bridge: { ns: bridgeNs },
    wrap: (host) => ["ip", "netns", "exec", host.ns],
    run: (host, cmd, ...args) => sh("ip", "netns", "exec", host.ns, cmd, ...args),
    async [Symbol.asyncDispose]() {
      for (const ns of namespaces) await removeNamespace(ns);
    },
  };
  try {
    await sh("ip", "netns", "add", bridgeNs);
    await sh("ip", "-n", bridgeNs, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
    await sh("ip", "-n", bridgeNs, "link", "set", "br0", "up");
    for (let n = 1; n <= count; n++) {
      const host = {
        ns: `${prefix}${id}h${n}`,
        dev: `${prefix}h${n}${id}`, // interface names: 15 characters at most
        ip: `10.${net}.0.${n}`,
        ip6: `fd${net}::${n}`,
      };
      namespaces.push(host.ns);
      await addHost(bridgeNs, host, `${prefix}p${n}${id}`);
      lan.hosts.push(host);
    }
    return lan;
  } catch (err) {
    await lan[Symbol.asyncDispose]();
    throw err;
  }
}

/** Deletes a namespace if it was made, trying again a few times: none may be left behind. */
async function removeNamespace(ns: string): Promise<void> {
  for (let attempt = 1;; attempt++) {
    try {
      await Deno.lstat(`/run/netns/${ns}`);
    } catch {
      return; // never made, or gone
    }
    try {
      await sh("ip", "netns", "del", ns);
    } catch (err) {
      if (attempt === 5) throw err;
      await sleep(200);
    }
  }
}

async function addHost(bridgeNs: string, host: Host, port: string): Promise<void> {
  await sh("ip", "netns", "add", host.ns);
  // Before the interface exists, so it is made without duplicate address detection.
  await sh("ip", "netns", "exec", host.ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
  await sh(
    "ip",
    "-n",
    host.ns,
    "link",
    "add",
    host.dev,
    "type",
    "veth",
    "peer",
    "name",
    port,
    "netns",
    bridgeNs,
  );
  await sh("ip", "-n", bridgeNs, "link", "set", port, "master", "br0", "up");
  await sh("ip", "-n", host.ns, "addr", "add", `${host.ip}/24`, "dev", host.dev);
  await sh("ip", "-n", host.ns, "-6", "addr", "add", `${host.ip6}/64`, "dev", host.dev, "nodad");
  await sh("ip", "-n", host.ns, "link", "set", host.dev, "up");
  await sh("ip", "-n", host.ns, "link", "set", "lo", "up");
  await sh("ip", "-n", host.ns, "route", "add", "224.0.0.0/4", "dev", host.dev);
}

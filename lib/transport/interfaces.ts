/**
 * The machine's network interfaces, for --iface: found by address or by
 * name, and listed in the hint of an error so the user sees what exists.
 */
import { NetworkError } from "../errors.ts";
import { type Said, said } from "../i18n/say.ts";

/** An interface as a group member needs it. */
export interface Iface {
  name: string;
  /** Its first IPv4 address: where IPv4 joins and sends. */
  v4?: string;
  /** The address an IPv6 socket binds to leave by this interface (link-local, scoped). */
  v6?: string;
  /** Its index: where IPv6 joins. */
  index?: number;
  /** Every address it has, as listed in hints. */
  addresses: string[];
}

/** The interfaces, by name, in the order the system lists them. */
export function listInterfaces(): Map<string, Iface> {
  const found = new Map<string, Iface>();
  for (const a of Deno.networkInterfaces()) {
    let iface = found.get(a.name);
    if (!iface) found.set(a.name, iface = { name: a.name, addresses: [] });
    iface.addresses.push(a.address);
    if (a.family === "IPv4") iface.v4 ??= a.address;
    else if (a.address.startsWith("fe80:") && a.scopeid) {
      iface.v6 ??= `${a.address}%${a.name}`;
      iface.index ??= a.scopeid;
    }
  }
  for (const iface of found.values()) iface.index ??= linuxIndex(iface.name);
  return found;
}

/** An interface with no link-local address (Linux's lo) still has an index in /sys. */
function linuxIndex(name: string): number | undefined {
  try {
    return Number(Deno.readTextFileSync(`/sys/class/net/${name}/ifindex`).trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** `lo (127.0.0.1, ::1), eth0 (192.0.2.2, fe80::1)`: what a hint offers. */
export function describeInterfaces(ifaces = listInterfaces()): Said | string {
  return [...ifaces.values()].map((i) => `${i.name} (${i.addresses.join(", ")})`).join(", ") ||
    said("group.no_interfaces");
}

/** The interface --iface names, by name or by one of its addresses; a one-line error if none. */
export function findInterface(spec: string): Iface {
  const ifaces = listInterfaces();
  const wanted = spec.toLowerCase();
  const iface = ifaces.get(spec) ??
    [...ifaces.values()].find((i) => i.addresses.some((a) => a.toLowerCase() === wanted));
  if (iface) return iface;
  throw new NetworkError(
    said("group.no_iface", { spec }),
    said("group.interfaces_here", { interfaces: describeInterfaces(ifaces) }),
  );
}

/** This machine's addresses (lower case, unscoped): how a socket knows its own datagrams. */
export function localAddresses(): Set<string> {
  return new Set(Deno.networkInterfaces().map((a) => a.address.toLowerCase()));
}

/** True for 255.255.255.255 and for the broadcast address of a subnet this machine is on. */
export function isBroadcast(host: string): boolean {
  if (host === "255.255.255.255") return true;
  const ip = toInt(host);
  if (ip === undefined) return false;
  return Deno.networkInterfaces().some((a) => {
    const [addr, mask] = [toInt(a.address), toInt(a.netmask)];
    return a.family === "IPv4" && addr !== undefined && mask !== undefined && mask !== 0xffffffff &&
      ((addr | ~mask) >>> 0) === ip;
  });
}

/** An IPv4 address as a 32-bit number; undefined for anything else. */
function toInt(host: string): number | undefined {
  const parts = host.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    return undefined;
  }
  return parts.reduce((n, p) => n * 256 + p, 0);
}

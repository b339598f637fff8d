/**
 * What a UDP socket may answer. A datagram's source can be forged: one whose
 * source is our own address would have us answer ourselves forever, and two
 * servers forged at each other answer each other forever. So we never send to
 * our own address, and a server answers any one peer at most
 * {@linkcode REPLIES_PER_SECOND} times a second. Each rule says so once.
 * What the user sends (the web page's Send and timed sends) is no reply: it is
 * not bounded, as a client's sends are not, but it never goes to our own
 * address either (UdpSocket.sendAsked).
 */
import type { Emit } from "../events/types.ts";
import { formatAddr, isLoopback } from "./endpoint.ts";
import { localAddresses } from "./interfaces.ts";
import { canonicalIp } from "./peer_owner.ts";
import { said, saying } from "../i18n/say.ts";

/** Replies one peer gets in a second; the rest of that second go unanswered. */
export const REPLIES_PER_SECOND = 1000;

/** One peer's replies in the second under way. */
export interface ReplyWindow {
  start: number;
  count: number;
}

export class ReplyGuard {
  readonly #port: number;
  /** Our addresses: the one bound, or for a wildcard bind every address of this machine. */
  readonly #hosts: Set<string>;
  readonly #wildcard: boolean;
  #saidSelf = false;
  #saidRate = false;

  /**
   * `now`: a server's clock (the bound is per second of it); without it, no
   * bound: a client sends what its user asks, as often as asked.
   */
  constructor(bound: Deno.Addr, readonly emit: Emit, readonly now?: () => number) {
    const addr = bound as Deno.NetAddr;
    this.#port = addr.port;
    const host = canonicalIp(addr.hostname);
    this.#wildcard = host === "0.0.0.0" || host === "::";
    this.#hosts = this.#wildcard
      ? new Set([...localAddresses()].map(canonicalIp))
      : new Set([host]);
  }

  /** True when a reply to `to` may go; `window` is that peer's count of this second. */
  allows(to: Deno.NetAddr, window: ReplyWindow): boolean {
    if (this.isOwn(to)) {
      if (!this.#saidSelf) {
        this.#saidSelf = true;
        this.emit({
          event: "error",
          peer: formatAddr(to),
          ...saying(said("note.forged_self")),
        });
      }
      return false;
    }
    if (!this.now) return true;
    const now = this.now();
    if (now - window.start >= 1000) {
      window.start = now;
      window.count = 0;
    }
    if (++window.count <= REPLIES_PER_SECOND) return true;
    if (!this.#saidRate) {
      this.#saidRate = true;
      this.emit({
        event: "error",
        peer: formatAddr(to),
        ...saying(said("note.reply_rate", { peer: formatAddr(to), max: REPLIES_PER_SECOND })),
      });
    }
    return false;
  }

  /** Whether `to` is our own address: a peer there is a forged source, never written to. */
  isOwn(to: Deno.NetAddr): boolean {
    if (to.port !== this.#port) return false;
    const host = canonicalIp(to.hostname);
    return this.#hosts.has(host) || (this.#wildcard && isLoopback(host));
  }
}

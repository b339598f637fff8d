/**
 * The ways a check runs its conversation (PRODUCT.md, check): plainly; with
 * the sends stuck in one segment; with every byte in a segment of its own;
 * with the replies read late; with a message larger than one recv(1024).
 * Each is made to happen by construction, with the relay's own faults.
 */

import { CHECK_WAYS } from "../events/choices.ts";
import type { CheckWay } from "../events/types.ts";

export const WAYS = CHECK_WAYS;
export type Way = CheckWay;

/**
 * stuck: the sends of a phase are gathered by the relay's --coalesce and
 * written at once. They are all queued before the forwarder starts, so the
 * window only bounds a wait that never happens; it is not a timing bet.
 */
export const STUCK_COALESCE_MS = 50;

/**
 * split: the relay's --slice 1 cuts every byte into a write of its own, and
 * its --rate spaces them 2 ms apart (TCP_NODELAY is on), so each leaves in a
 * segment of its own. A server on this machine gets the next byte only once
 * it has read the one before (lib/transport/taken.ts), so it meets them one
 * recv() at a time however late it reads; one elsewhere, as the spacing has it.
 */
export const SPLIT_RATE = 500;

/** delayed: the client waits this long before each read, so the server's sends pile up. */
export const DELAYED_READ_MS = 200;

/** large: more than the course's recv(1024) can take at once. */
export const COURSE_RECV = 1024;

/** Ways a datagram transport can run: a datagram is never stuck to another, nor cut in pieces. */
export const DATAGRAM_WAYS: readonly Way[] = ["plain", "stuck", "delayed", "large"];

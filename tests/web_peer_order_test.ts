/**
 * The page's peer list keeps each peer where it first came: a poll that names
 * the peers in another order, or names one the events had already added at
 * the end, moves no row; a peer that leaves gives up its place. Each peer
 * has a colour of its own, far from the others' even when their ports are one apart.
 */
import assert from "node:assert/strict";
import { PeerOrder } from "../lib/web/page/peers.js";
import { peerHue } from "../lib/web/page/format.js";

const names = (peers: { peer: string }[]) => peers.map((p) => p.peer);
const list = (...peers: string[]) => peers.map((peer) => ({ peer, bytes_in: 0 }));

Deno.test("peer order: rows stay where they first came, whatever order a poll names them in", () => {
  const order = new PeerOrder();
  // The events add B after A; the next poll names B first (the server's own order).
  assert.deepEqual(names(order.sort(list("A", "B"))), ["A", "B"]);
  assert.deepEqual(names(order.sort(list("B", "A"))), ["A", "B"]);
  // C comes, named by a poll before the event that adds it at the end: still last.
  assert.deepEqual(names(order.sort(list("C", "B", "A"))), ["A", "B", "C"]);
  assert.deepEqual(names(order.sort(list("A", "B", "C"))), ["A", "B", "C"]);
});

Deno.test("peer order: a peer that leaves gives up its place, and comes back at the end", () => {
  const order = new PeerOrder();
  order.sort(list("A", "B", "C"));
  assert.deepEqual(names(order.sort(list("B", "C"))), ["B", "C"]);
  assert.deepEqual(names(order.sort(list("A", "B", "C"))), ["B", "C", "A"]);
});

Deno.test("peer order: the peers' own fields come through untouched", () => {
  const order = new PeerOrder();
  const peers = [{ peer: "x", bytes_in: 7 }, { peer: "y", bytes_in: 9 }];
  const sorted = order.sort(peers);
  assert.deepEqual(sorted, peers);
  assert.notStrictEqual(sorted, peers, "a new array: the session's list is not reordered in place");
});

Deno.test("peer colours: peers one port apart get hues far apart, and each keeps its own", () => {
  const peers = ["127.0.0.1:59736", "127.0.0.1:59738", "127.0.0.1:59754", "[::1]:59740"];
  const hues = peers.map((p) => peerHue(p));
  for (let i = 0; i < hues.length; i++) {
    for (let j = i + 1; j < hues.length; j++) {
      const apart = Math.abs(hues[i] - hues[j]);
      assert.ok(Math.min(apart, 360 - apart) >= 45, `${peers[i]} and ${peers[j]}: ${hues}`);
    }
  }
  assert.deepEqual(peers.map((p) => peerHue(p)), hues);
});

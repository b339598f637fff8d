/**
 * The flood's direct sender (lib/transport/direct_send.ts): libc's sendmmsg on
 * the socket Deno opened. It must send from that socket (its port), keep the
 * order the datagrams were made in, and hand back what the kernel refuses so
 * that Deno's send names the error. Real sockets on loopback, a python3 receiver.
 */
import assert from "node:assert/strict";
import { DirectSender, sockaddr } from "../lib/transport/direct_send.ts";
import { runFramecat } from "./helpers/cli.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";

const linux = Deno.build.os === "linux";

Deno.test("direct send: socket addresses are the bytes the kernel reads", () => {
  const hex = (b?: Uint8Array) =>
    b && Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  assert.equal(hex(sockaddr("127.0.0.1", 9000)), "02002328" + "7f000001" + "00".repeat(8));
  assert.equal(
    hex(sockaddr("::1", 80)),
    "0a000050" + "00000000" + "00".repeat(15) + "01" + "00000000",
  );
  assert.equal(
    hex(sockaddr("2001:db8::a:b", 1))?.slice(16, 48),
    "20010db8" + "0000".repeat(4) + "000a000b",
  );
  assert.equal(hex(sockaddr("::ffff:10.0.0.1", 1))?.slice(16, 48), "0".repeat(20) + "ffff0a000001");
  for (
    const bad of ["localhost", "fe80::1%eth0", "1.2.3", "1.2.3.256", "1::2::3", "1:2:3:4:5:6:7"]
  ) {
    assert.equal(sockaddr(bad, 1), undefined, bad);
  }
});

for (const host of ["127.0.0.1", "::1"]) {
  Deno.test({
    name: `direct send: ${host}: from the Deno socket's own port, in the order sent`,
    ignore: !linux,
    async fn() {
      const rx = Deno.listenDatagram({ transport: "udp", hostname: host, port: 0 });
      const tx = Deno.listenDatagram({ transport: "udp", hostname: host, port: 0 });
      try {
        const n = 100; // well inside the receive buffer: none is dropped
        using direct = DirectSender.open(tx, rx.addr as Deno.NetAddr, 3, 40);
        assert.ok(direct, "Linux with glibc has a direct sender");
        // Batches of 40, 40 and 20, each slot rewritten between them, as the flood does.
        for (let from = 0; from < n; from += 40) {
          const count = Math.min(40, n - from);
          for (let i = 0; i < count; i++) direct.slots[i].set([from + i, 7, 7]);
          assert.equal(direct.send(0, count), count);
        }
        for (let i = 0; i < n; i++) {
          const [data, from] = await rx.receive();
          assert.deepEqual([...data], [i, 7, 7]);
          assert.equal((from as Deno.NetAddr).port, (tx.addr as Deno.NetAddr).port);
        }
      } finally {
        rx.close();
        tx.close();
      }
    },
  });
}

Deno.test({
  name: "direct send: what the kernel refuses is handed back, and Deno's send names it",
  ignore: !linux,
  async fn() {
    // Larger than any IPv4 datagram: the kernel refuses it (EMSGSIZE).
    const tx = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
    const to: Deno.NetAddr = { transport: "udp", hostname: "127.0.0.1", port: 9 };
    const tooBig = new Uint8Array(65_508);
    try {
      using direct = DirectSender.open(tx, to, tooBig.byteLength, 2);
      assert.ok(direct);
      assert.equal(direct.send(0, 2), 0, "none of the batch is taken");
      using fits = DirectSender.open(tx, to, 65_507, 2);
      assert.equal(fits?.send(0, 2), 2);
      assert.equal(fits?.send(1, 5), 1, "no more than the slots from there");
      await assert.rejects(tx.send(tooBig, to), /message too long|os error 90/i);
    } finally {
      tx.close();
    }
  },
});

Deno.test("direct send: a flood as fast as it goes arrives in order, from one port", async () => {
  // The course's receiver: recvfrom in a loop. What it gets must come in the order the flood
  // numbered them. Its buffer holds the whole flood (SO_RCVBUFFORCE, as root: SO_RCVBUF stops at
  // rmem_max), so however late it reads, nothing is dropped, the end markers least of all.
  await using rx = await startProcess(PYTHON, ["-c", RECEIVER_PY]);
  const port = Number(rx.firstLine);
  const flood = await runFramecat(
    ["flood", `udp://127.0.0.1:${port}`, "--rate", "0", "--size", "64", "--count", "50000"],
  );
  assert.equal(flood.code, 0, flood.stderr);
  const [got, outOfOrder, ports] = (await rx.rest()).trim().split(" ").map(Number);
  assert.ok(got > 1000, `the receiver got ${got} datagrams`);
  assert.equal(outOfOrder, 0);
  assert.equal(ports, 1);
});

const RECEIVER_PY = `import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE: 50,000 datagrams' worth
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
got, ooo, last, ports = 0, 0, -1, set()
while True:
    data, peer = s.recvfrom(2048)
    if data[5] & 1:  # the end marker
        break
    seq = struct.unpack("!Q", data[16:24])[0]
    if seq < last:
        ooo += 1
    last = seq
    got += 1
    ports.add(peer[1])
print(got, ooo, len(ports), flush=True)`;

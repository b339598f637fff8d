/**
 * Ctrl-C during connect --send-file: the file is cut short by the user, and
 * framecat says so (not that the connection ended), counts the one send it
 * made, and exits 1, since the receiver has only part of the file; the bytes it says it sent
 * are those the receiver got.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";

Deno.test("connect --send-file: Ctrl-C midway says the user stopped it, after one send, and exits 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "framecat_stop_" });
  const path = `${dir}/big.bin`;
  const size = 64 * 1024 * 1024;
  // Sparse: 64 MiB that cost nothing to write.
  using file = await Deno.open(path, { write: true, create: true });
  await file.truncate(size);
  // A receiver that reads slowly (below): 64 MiB would take it 20 s, so the send is cut midway.
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  try {
    await using client = new Framecat([
      "connect",
      `127.0.0.1:${listener.addr.port}`,
      "--send-file",
      path,
      "--output",
      "json",
    ]);
    using receiver = await accepted;
    await client.waitFor((evs) => eventsOf(evs, "connected")[0]);
    // A slow reader, as a course server on a loaded machine is: 64 KiB every 20 ms, to the end.
    const reading = (async () => {
      const buf = new Uint8Array(64 * 1024);
      let total = 0;
      while (true) {
        const n = await receiver.read(buf).catch(() => null);
        if (n === null) return total;
        total += n;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const { code } = await client.stop();
    assert.equal(code, 1, client.stderr);
    assert.match(
      client.stderr,
      /^framecat: Stopped sending "big\.bin": \d+ of its 67108864 bytes were sent\n$/,
    );
    assert.doesNotMatch(client.stderr, /connection ended/);
    const [closed] = eventsOf(client.events, "closed");
    assert.equal(closed.reason, "us");
    assert.equal(closed.sends, 1, JSON.stringify(closed));
    const [sent] = eventsOf(client.events, "sent");
    assert.ok(Number(sent.sent_bytes) < size, JSON.stringify(sent));
    // What it says it sent is what arrived, to the byte: a write cut by the Ctrl-C midway through
    // a chunk counts the part the kernel took.
    const got = await reading;
    assert.equal(sent.sent_bytes, got, "sent_bytes against the bytes received");
    assert.equal(closed.bytes_out, got);
    assert.match(client.stderr, new RegExp(`: ${got} of its`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("connect --send-file: Ctrl-C while it waits for the acknowledgement says it was stopped, not that --wait ran out", async () => {
  const dir = await Deno.makeTempDir({ prefix: "framecat_stop_" });
  const path = `${dir}/m.bin`;
  await Deno.writeFile(path, new Uint8Array(3000));
  // A receiver that takes the file and never answers.
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    await using client = new Framecat([
      "connect",
      `127.0.0.1:${listener.addr.port}`,
      "--framing",
      "json",
      "--send-file",
      path,
      "--wait",
      "30000",
      "--output",
      "json",
    ]);
    using _ = await listener.accept();
    await client.waitFor((evs) => eventsOf(evs, "sent")[0]);
    const { code } = await client.stop();
    assert.equal(code, 4, client.stderr);
    assert.match(
      client.stderr,
      /^framecat: sent "m\.bin" \(3000 bytes\), and stopped before the server acknowledged it; it may not have saved it\n$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

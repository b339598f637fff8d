/**
 * Ctrl-C during connect --send-file: the file is cut short by the user, and
 * framecat says so (not that the connection ended), counts the one send it
 * made, and exits 1, since the receiver has only part of the file.
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
  // A receiver that never reads: the send cannot finish, whatever the timing.
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
    using _receiver = await accepted;
    await client.waitFor((evs) => eventsOf(evs, "connected")[0]);
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
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

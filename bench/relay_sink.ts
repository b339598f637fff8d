/**
 * The receiving end of the relay benchmark: accepts connections on the port
 * given, reads each to end of file with 256 KiB reads, then answers with the
 * byte count (8 bytes, big-endian) and closes.
 * Run: deno run -A bench/relay_sink.ts PORT
 */
const listener = Deno.listen({ hostname: "127.0.0.1", port: Number(Deno.args[0]) });
const buf = new Uint8Array(256 * 1024);
for await (const conn of listener) {
  let total = 0;
  try {
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      total += n;
    }
    const reply = new Uint8Array(8);
    new DataView(reply.buffer).setBigUint64(0, BigInt(total));
    await conn.write(reply);
  } catch { /* the sender went away: next connection */ }
  conn.close();
}

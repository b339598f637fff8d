/**
 * The receiving end of the relay benchmark: accepts connections on a port
 * the kernel picks (printed on the first line), reads each to end of file
 * with 256 KiB reads, then answers with the byte count (8 bytes, big-endian)
 * and closes.
 * Run: deno run --quiet -P bench/relay_sink.ts
 */
import { writeAll } from "../lib/transport/stream.ts";

const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
console.log(listener.addr.port);
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
    await writeAll(conn, reply);
  } catch { /* the sender went away: next connection */ }
  conn.close();
}

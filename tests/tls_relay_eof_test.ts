/**
 * A TLS client that leaves without close_notify (curl, openssl, most
 * programs that just close) has ended its stream: the relay that terminates
 * TLS passes the end of file on and reports `eof`, as `serve` does.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { python } from "./helpers/process.ts";
import { J, tempDir, terminatingRelay } from "./tls_helpers.ts";

/** One line through TLS, then a plain FIN: SSLSocket.shutdown() sends no close_notify. */
const NO_CLOSE_NOTIFY_CLIENT = `
import socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=20), server_hostname="localhost")
s.sendall(b"hello\\n")
reply = b""
while not reply.endswith(b"\\n"):
    chunk = s.recv(100)
    if not chunk:
        break
    reply += chunk
s.shutdown(socket.SHUT_RDWR)
s.close()
print(reply.decode().strip())
`;

Deno.test("a TLS client closing without close_notify is an end of file at the relay", async () => {
  await using dir = await tempDir();
  await using server = new Framecat([
    "serve",
    "tcp://127.0.0.1:0",
    "--framing",
    "line",
    "--behavior",
    "upper",
    ...J,
  ]);
  const { relay, port, ca } = await terminatingRelay(
    dir.path,
    `tcp://127.0.0.1:${await server.port()}`,
  );
  await using _ = relay;
  const reply = await python(NO_CLOSE_NOTIFY_CLIENT, [String(port), ca]);
  assert.equal(reply.trim(), "HELLO");
  const closed = await relay.waitFor((evs) => eventsOf(evs, "closed")[0], 30_000);
  assert.equal(closed.reason, "eof", JSON.stringify(closed));
  assert.deepEqual(relay.of("error"), []);
});

/**
 * A chat member dropped by the server is told why: the reason line the server
 * sends before it closes is shown, then the close, and nothing is lost.
 */
import assert from "node:assert/strict";
import { eventsOf, runFramecat } from "./helpers/cli.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";

Deno.test("chat client: the server's reason for dropping us is shown before the close", async () => {
  // A server that drops its member at once, saying why first (as serve --behavior chat does).
  const code = `
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept(); c.recv(100)  # the first heartbeat: read, so the close is a FIN, not a reset
c.sendall(b"dropped: silent for 10 s (--interval)\\n"); c.close()
`;
  await using server = await startProcess(PYTHON, ["-c", code]);
  const result = await runFramecat([
    "connect",
    server.firstLine,
    "--framing",
    "line",
    "--heartbeat",
    "60",
    "--output",
    "json",
  ], { stdin: "" });
  assert.equal(result.code, 0, result.stderr);
  const kinds = result.events.filter((e) => e.event === "frame" || e.event === "closed");
  assert.deepEqual(kinds.map((e) => e.event), ["frame", "closed"]);
  assert.deepEqual(eventsOf(kinds, "frame").map((e) => e.text), [
    "dropped: silent for 10 s (--interval)",
  ]);
  assert.deepEqual(eventsOf(kinds, "closed").map((e) => e.reason), ["eof"]);
});

/**
 * A student's server that dies in one way (an exception on a short recv())
 * refuses the ways after it. check says so: it was running, it stopped
 * during or after the last case that reached it. It used to tell the
 * teacher to "check that the server is running, on this address and port",
 * which sends them looking for a wrong address.
 */
import assert from "node:assert/strict";
import { check, downPort } from "./check_helpers.ts";
import { runFramecat } from "./helpers/cli.ts";
import { output, PYTHON, startProcess } from "./helpers/process.ts";

/** len-echo as a student writes it, with no try: a 1-byte recv() kills the whole server. */
const DIES_ON_A_SHORT_READ = `
import socket, struct
s = socket.create_server(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    conn, _ = s.accept()
    while True:
        data = conn.recv(1024)
        if not data:
            break
        n = struct.unpack('i', data[:4])[0]
        conn.send(struct.pack('i', n) + data[4:4 + n])
    conn.close()
`;

for (const lang of ["en", "zh"]) {
  Deno.test(`check --lang ${lang}: a server that crashed in the split case is said to have stopped since, in the cases after it`, async () => {
    await using server = await startProcess(PYTHON, ["-c", DIES_ON_A_SHORT_READ]);
    const target = `127.0.0.1:${server.firstLine}`;
    const checked = await check(["len-echo", target, "--lang", lang]);
    assert.equal(checked.result.code, 5, checked.result.stderr);
    assert.equal(checked.of(target, "plain").passed, true);
    assert.equal(checked.of(target, "split").failure, "splitting");
    for (const way of ["delayed", "large"]) {
      const c = checked.of(target, way);
      assert.equal(c.failure, "unreachable");
      assert.match(
        c.message,
        lang === "en"
          ? /^could not connect: .*refused.*; it accepted the connection of the split case, so it has stopped since: did that case crash it\? Look at the server's output\.$/i
          : /^连接不上：.*；可它在前面的“逐字节”用例里还接受过连接，说明它后来停了：是不是那个用例让它崩溃了？请看服务端的输出。$/,
      );
    }
  });
}

/** A server that listens and never calls accept(): the kernel queues two connections, then none. */
const NEVER_ACCEPTS = `
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
time.sleep(60)
`;

Deno.test("check: a server whose listen() queue filled (it never calls accept()) is said not to accept, not to have crashed", async () => {
  await using server = await startProcess(PYTHON, ["-c", NEVER_ACCEPTS]);
  const target = `127.0.0.1:${server.firstLine}`;
  const checked = await check(["echo", target, "--timeout", "500"]);
  assert.equal(checked.result.code, 5, checked.result.stderr);
  // listen(1) queues two connections: the plain and stuck cases get in and hear nothing.
  for (const way of ["plain", "stuck"]) assert.equal(checked.of(target, way).failure, "silent");
  for (const way of ["split", "delayed", "large"]) {
    const c = checked.of(target, way);
    assert.equal(c.failure, "unreachable");
    assert.match(
      c.message,
      /^could not connect: no answer to connecting within 0\.5 s; it has let no connection in since the stuck case: its listen\(\) queue is full, so it is not calling accept\(\)/,
    );
    assert.doesNotMatch(c.message, /crash/);
  }
  // The connections it queued stay queued (closed by us, never accepted): checked again, it lets
  // none in, and the reason it may be so is said beside the address's.
  const again = await check(["echo", target, "--timeout", "500", "--ways", "plain"]);
  assert.equal(again.of(target, "plain").failure, "unreachable");
  assert.match(again.of(target, "plain").message, /; check the address .*listen\(\) queue is full/);
});

Deno.test("check: a server never reached is still told to be checked, not said to have stopped", async () => {
  const target = `127.0.0.1:${await downPort()}`;
  const checked = await check(["len-echo", target, "--ways", "plain,stuck"]);
  assert.equal(checked.result.code, 1);
  for (const way of ["plain", "stuck"]) {
    assert.match(checked.of(target, way).message, /; check that the server is running/);
  }
});

/** The YAML blocks TAP::Parser reads from a TAP stream, as JSON. */
const TAP_YAML = `
use strict; use JSON::PP; use TAP::Parser;
binmode STDIN, ":encoding(UTF-8)";
my $p = TAP::Parser->new({ tap => do { local $/; <STDIN> } });
my @yaml;
while (my $r = $p->next) { push @yaml, $r->data if $r->is_yaml; }
print encode_json(\\@yaml);
`;

Deno.test("check --report tap: a case that said nothing (not reached) has an empty conversation, not null", async () => {
  const run = await runFramecat(
    ["check", "len-echo", `127.0.0.1:${await downPort()}`, "--ways", "plain", "--report", "tap"],
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /\n {2}conversation: \[\]\n/);
  const blocks = JSON.parse(
    new TextDecoder().decode(await output("perl", ["-e", TAP_YAML], { stdin: run.stdout })),
  );
  assert.equal(blocks.length, 1);
  assert.deepEqual(blocks[0].conversation, []);
});

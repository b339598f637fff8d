/**
 * TLS against real peers: openssl s_client and s_server, curl, python3's
 * ssl, and plain peers that meet TLS (or TLS that meets plain bytes).
 */
import assert from "node:assert/strict";
import { connectTo, eventsOf, Framecat, runFramecat } from "./helpers/cli.ts";
import { output, PYTHON, python, runProcess, startProcess } from "./helpers/process.ts";
import {
  expiredCertificates,
  J,
  opensslCertificates,
  opensslServer,
  tempDir,
  tlsServe,
} from "./tls_helpers.ts";

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("openssl s_client verifies serve tls:// with the --ca-out file, and gets its echo", async () => {
  await using dir = await tempDir();
  const ca = `${dir.path}/ca.pem`;
  const { framecat: server, port } = await tlsServe(ca, "--idle-timeout", "1");
  await using _ = server;
  const sClient = (caFile: string) =>
    runProcess("openssl", [
      "s_client",
      "-connect",
      `127.0.0.1:${port}`,
      "-CAfile",
      caFile,
      "-verify_return_error",
      "-quiet",
    ], { stdin: "hello over TLS\n", timeoutMs: 20_000 });

  // The server closes the idle connection a second after the echo: s_client ends then.
  const ok = await sClient(ca);
  assert.equal(decode(ok.stdout), "hello over TLS\n", ok.stderr);
  assert.match(ok.stderr, /verify return:1/);
  const frame = await server.waitFor((evs) => eventsOf(evs, "frame")[0]);
  assert.equal(frame.text, "hello over TLS\n");

  // The same check with another CA fails: the verification above was real.
  const other = await opensslCertificates(dir.path);
  const refused = await sClient(other.ca);
  assert.notEqual(refused.code, 0);
  assert.equal(decode(refused.stdout), "");
  assert.match(refused.stderr, /unable to get local issuer certificate|verify error/);
});

Deno.test("the listening fingerprint is the SHA-256 openssl computes of the certificate served", async () => {
  await using dir = await tempDir();
  const { framecat: server, port } = await tlsServe(`${dir.path}/ca.pem`);
  await using _ = server;
  const shown = await runProcess("openssl", ["s_client", "-connect", `127.0.0.1:${port}`], {
    stdin: "",
    timeoutMs: 20_000,
  });
  const pem = /-----BEGIN CERTIFICATE-----[^]*?-----END CERTIFICATE-----/.exec(
    decode(shown.stdout),
  );
  assert.ok(pem, shown.stderr);
  const fp = decode(
    await output("openssl", ["x509", "-noout", "-fingerprint", "-sha256"], {
      stdin: pem[0],
    }),
  );
  const listening = server.of("listening")[0];
  assert.equal(`sha256 Fingerprint=${listening.fingerprint}`, fp.trim());
  // The certificate names what a client may dial.
  const names = decode(
    await output("openssl", ["x509", "-noout", "-ext", "subjectAltName"], {
      stdin: pem[0],
    }),
  );
  for (const name of ["DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1"]) {
    assert.ok(names.includes(name), `${name} in ${names}`);
  }
});

Deno.test("connect tls:// verifies openssl s_server with --ca, and the connected event has tls", async () => {
  await using dir = await tempDir();
  const files = await opensslCertificates(dir.path);
  await using server = await opensslServer(files, ["-rev", "-alpn", "fc13,http/1.1"]);
  const client = await runFramecat([
    "connect",
    `tls://localhost:${server.port}`,
    "--ca",
    files.ca,
    "--alpn",
    "fc13",
    "--framing",
    "line",
    "--send",
    "hello",
    "--expect",
    "1",
    ...J,
  ]);
  assert.equal(client.code, 0, client.stderr);
  const connected = eventsOf(client.events, "connected")[0];
  assert.deepEqual(connected.tls, { alpn: "fc13", verified: true, servername: "localhost" });
  // s_server -rev answers each line reversed.
  assert.deepEqual(eventsOf(client.events, "frame").map((e) => e.text), [
    "olleh",
  ]);
});

Deno.test("an untrusted server certificate: exit 1 and the hint", async () => {
  await using dir = await tempDir();
  const files = await opensslCertificates(dir.path);
  await using server = await opensslServer(files);
  const client = await runFramecat(["connect", `tls://127.0.0.1:${server.port}`, "--send", "x"]);
  assert.equal(client.code, 1);
  const lines = client.stderr.trim().split("\n");
  assert.equal(lines.length, 1, client.stderr);
  assert.match(lines[0], /^framecat: Cannot connect to tls:\/\/127\.0\.0\.1:\d+: /);
  assert.match(lines[0], /use --ca FILE, or --insecure to skip the check$/);
});

Deno.test("a wrong --servername: the mismatch, naming the certificate's names", async () => {
  await using dir = await tempDir();
  const files = await opensslCertificates(dir.path);
  await using server = await opensslServer(files);
  const client = await runFramecat([
    "connect",
    `tls://127.0.0.1:${server.port}`,
    "--ca",
    files.ca,
    "--servername",
    "example.com",
    "--send",
    "x",
  ]);
  assert.equal(client.code, 1);
  assert.equal(client.stderr.trim().split("\n").length, 1, client.stderr);
  assert.match(client.stderr, /not valid for name "example\.com"/);
  assert.match(client.stderr, /localhost/);
  assert.match(client.stderr, /--servername NAME/);
});

Deno.test("an expired certificate: exit 1, one line that says so", async () => {
  await using dir = await tempDir();
  const old = await expiredCertificates(dir.path);
  await using server = await opensslServer(old);
  const client = await runFramecat([
    "connect",
    `tls://localhost:${server.port}`,
    "--ca",
    old.ca,
    "--send",
    "x",
  ]);
  assert.equal(client.code, 1);
  assert.equal(client.stderr.trim().split("\n").length, 1, client.stderr);
  assert.match(client.stderr, /expired/i);
  assert.match(client.stderr, /renew the certificate/);
});

Deno.test("--insecure connects to an untrusted server and says so", async () => {
  await using dir = await tempDir();
  const files = await opensslCertificates(dir.path);
  await using server = await opensslServer(files, ["-rev"]);
  const client = await runFramecat([
    "connect",
    `tls://127.0.0.1:${server.port}`,
    "--insecure",
    "--framing",
    "line",
    "--send",
    "abc",
    "--expect",
    "1",
  ]);
  assert.equal(client.code, 0, client.stderr);
  assert.match(
    client.stderr,
    /WARNING: --insecure: the certificate of tls:\/\/127\.0\.0\.1:\d+ is not verified/,
  );
  assert.match(client.stdout, /"cba"/);
  assert.match(client.stderr, /TLSv1\.3 \S+, certificate not verified \(--insecure\)/);
});

Deno.test("--cert/--key present a client certificate that s_server requires and verifies", async () => {
  await using dir = await tempDir();
  const files = await opensslCertificates(dir.path);
  const mtls = ["-rev", "-Verify", "1", "-CAfile", files.ca, "-verify_return_error"];
  await using server = await opensslServer(files, mtls);
  const args = ["connect", `tls://localhost:${server.port}`, "--ca", files.ca, "--framing", "line"];
  const send = ["--send", "mutual", "--expect", "1", ...J];
  const without = await runFramecat([...args, ...send]);
  assert.equal(without.code, 1);
  assert.match(without.stderr, /give --cert FILE --key FILE/);
  const withCert = await runFramecat([...args, "--cert", files.cert, "--key", files.key, ...send]);
  assert.equal(withCert.code, 0, withCert.stderr);
  assert.equal(eventsOf(withCert.events, "frame")[0].text, "lautum");
});

Deno.test("curl --cacert fetches from serve tls:// --framing line: the request lines arrive as frames", async () => {
  await using dir = await tempDir();
  const ca = `${dir.path}/ca.pem`;
  const { framecat: server, port } = await tlsServe(
    ca,
    "--framing",
    "line",
    "--behavior",
    "discard",
  );
  await using _ = server;
  // discard never answers: curl gives up after 3 s, having verified the server (not exit 60).
  const curl = await runProcess("curl", [
    "-sS",
    "--cacert",
    ca,
    "--max-time",
    "3",
    `https://localhost:${port}/fc13`,
  ], { timeoutMs: 20_000 });
  assert.equal(
    curl.code,
    28,
    `curl timed out waiting for a reply, not a TLS failure: ${curl.stderr}`,
  );
  const frames = await server.waitFor((evs) => {
    const texts = eventsOf(evs, "frame").map((e) => e.text as string);
    return texts.includes("") && texts; // the blank line ends the request head
  });
  assert.equal(frames[0], "GET /fc13 HTTP/1.1");
  assert.ok(frames.includes(`Host: localhost:${port}`), frames.join(" | "));
});

/** python's ssl makes a ClientHello (in memory), sends it over plain TCP, and closes. */
const helloFromPython = (port: number) =>
  python(
    "import socket,ssl,sys\n" +
      "hello=ssl.MemoryBIO(); out=ssl.MemoryBIO()\n" +
      "tls=ssl.create_default_context().wrap_bio(hello,out,server_hostname='localhost')\n" +
      "try: tls.do_handshake()\n" +
      "except ssl.SSLWantReadError: pass\n" +
      "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])),timeout=10)\n" +
      "s.sendall(out.read()); s.close()\n",
    [String(port)],
  );

for (const command of ["serve", "sink"]) {
  Deno.test(`a TLS ClientHello at a plain tcp:// ${command}: an error event with the hint`, async () => {
    await using server = new Framecat([command, "tcp://127.0.0.1:0", ...J]);
    await helloFromPython(await server.port());
    const error = await server.waitFor((evs) => eventsOf(evs, "error")[0]);
    assert.match(error.message, /the peer is speaking TLS: use tls:\/\//);
  });
}

Deno.test("a ClientHello at a plain --framing len server: the frame error has the TLS hint", async () => {
  await using server = new Framecat(["serve", "tcp://127.0.0.1:0", "--framing", "len", ...J]);
  const port = await server.port();
  await runProcess("openssl", ["s_client", "-connect", `127.0.0.1:${port}`], {
    stdin: "",
    timeoutMs: 20_000,
  });
  const error = await server.waitFor((evs) => eventsOf(evs, "error")[0]);
  assert.equal(error.hint, "the peer is speaking TLS: use tls://");
});

Deno.test("plain bytes at a TLS server: the 'not speaking TLS' line", async () => {
  await using dir = await tempDir();
  const { framecat: server, port } = await tlsServe(`${dir.path}/ca.pem`);
  await using _ = server;
  await python(
    "import socket,sys\n" +
      "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n" +
      "s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n'); s.recv(100); s.close()\n",
    [String(port)],
  );
  const error = await server.waitFor((evs) => eventsOf(evs, "error")[0]);
  assert.match(error.message, /the peer is not speaking TLS/);
});

Deno.test("connect tls:// to a plain HTTP server: 'not speaking TLS' with its first bytes", async () => {
  // Answers anything with a 400, as web servers answer a ClientHello.
  await using server = await startProcess(PYTHON, [
    "-c",
    "import socket\n" +
    "l=socket.create_server(('127.0.0.1',0)); print(l.getsockname()[1], flush=True)\n" +
    "for _ in range(4):\n" +
    "  c,_=l.accept(); c.recv(4096)\n" +
    "  c.sendall(b'HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\n\\r\\n'); c.close()\n",
  ]);
  const client = await runFramecat([
    "connect",
    `tls://127.0.0.1:${server.firstLine}`,
    "--send",
    "x",
  ]);
  assert.equal(client.code, 1);
  assert.equal(client.stderr.trim().split("\n").length, 1, client.stderr);
  assert.match(
    client.stderr,
    /the server is not speaking TLS: it answered "HTTP\/1\.1 400 Bad Request/,
  );
  assert.match(client.stderr, /use tcp:\/\/ for a plain server/);
});

Deno.test("serve --alpn: openssl s_client and framecat connect agree a protocol, both events say which", async () => {
  await using dir = await tempDir();
  const ca = `${dir.path}/ca.pem`;
  const { framecat: server, port } = await tlsServe(ca, "--alpn", "fc13,http/1.1");
  await using _ = server;
  const sClient = await runProcess("openssl", [
    "s_client",
    "-connect",
    `127.0.0.1:${port}`,
    "-CAfile",
    ca,
    "-alpn",
    "http/1.1",
  ], { stdin: "", timeoutMs: 20_000 });
  assert.match(decode(sClient.stdout), /ALPN protocol: http\/1\.1/);

  // Dialled by address, checked by name.
  const client = await runFramecat([
    "connect",
    `tls://127.0.0.1:${port}`,
    "--servername",
    "localhost",
    "--ca",
    ca,
    "--alpn",
    "h2,fc13",
    "--send",
    "x",
    "--expect",
    "1",
    ...J,
  ]);
  assert.equal(client.code, 0, client.stderr);
  assert.deepEqual(eventsOf(client.events, "connected")[0].tls, {
    alpn: "fc13",
    verified: true,
    servername: "localhost",
  });
  const agreed = await server.waitFor((evs) => {
    const alpns = eventsOf(evs, "connected").map((e) => (e.tls as { alpn: string }).alpn);
    return alpns.length === 2 && alpns;
  });
  assert.deepEqual(agreed, ["http/1.1", "fc13"]);
});

Deno.test("a client that never starts its handshake holds a --serial server 10 s, not forever", async () => {
  await using dir = await tempDir();
  const ca = `${dir.path}/ca.pem`;
  const { framecat: server, port } = await tlsServe(ca, "--serial");
  await using _ = server;
  using _silent = await Deno.connect({ hostname: "127.0.0.1", port });
  const error = await server.waitFor((evs) => eventsOf(evs, "error")[0], 30_000);
  assert.match(error.message, /no TLS handshake within 10 s: stopped waiting/);
  // --serial: the next client is served.
  const next = await runFramecat([
    "connect",
    `tls://localhost:${port}`,
    "--ca",
    ca,
    "--send",
    "next",
    "--expect",
    "1",
  ]);
  assert.equal(next.code, 0, next.stderr);
});

Deno.test("a plain client at a TLS server: its alert is no reply (--expect 1 is not met by it), exit 1, said once", async () => {
  await using server = new Framecat(["serve", "tls://127.0.0.1:0", ...J]);
  const port = await server.port();
  const run = await connectTo(port, ["--send", "hello", "--expect", "1", ...J]);
  // It exited 0, the 7-byte alert taken for the one message expected.
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(eventsOf(run.events, "error").map((e) => e.message), [
    "the peer is speaking TLS: use tls://",
  ]);
  assert.deepEqual(eventsOf(run.events, "frame"), []);
});

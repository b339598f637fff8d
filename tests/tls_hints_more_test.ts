/**
 * TLS failures said as one line with the fix, against real peers (openssl's
 * certificates and s_server, a python3 server): a CA:TRUE server certificate,
 * encrypted and mismatched keys, no ALPN protocol in common, a plain server's
 * answer, socat's OPENSSL options, and the system's words without Deno's tail.
 */
import assert from "node:assert/strict";
import { Framecat, runFramecat } from "./helpers/cli.ts";
import { output } from "./helpers/process.ts";
import { J, opensslCertificates, opensslServer, tempDir } from "./tls_helpers.ts";
import { firstCertificateDer, isCaCertificate } from "../lib/transport/pem.ts";
import { makeCertificates } from "../lib/transport/certificate.ts";
import { saidOf } from "../lib/errors.ts";
import { sayEn, sayIn } from "../lib/i18n/say.ts";

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
const SAN = "subjectAltName=DNS:localhost,IP:127.0.0.1";

/** `openssl req -x509` as people type it (CA:TRUE, openssl 3's default), or with CA:FALSE. */
async function selfSigned(dir: string, name: string, ca: boolean) {
  const files = { cert: `${dir}/${name}.pem`, key: `${dir}/${name}.key` };
  const leaf = ca ? [] : ["-addext", "basicConstraints=critical,CA:FALSE"];
  await output("openssl", [
    "req",
    "-x509",
    ...EC,
    "-keyout",
    files.key,
    "-out",
    files.cert,
    "-subj",
    "/CN=localhost",
    "-addext",
    SAN,
    ...leaf,
    "-days",
    "2",
  ]);
  return files;
}

/** The one line framecat ended with, and its exit code. */
async function oneLine(args: string[], opts: { env?: Record<string, string> } = {}) {
  const r = await runFramecat(args, opts);
  const lines = r.stderr.trim().split("\n").filter((l) => !/WARNING: --insecure/.test(l));
  assert.equal(lines.length, 1, r.stderr);
  return { code: r.code, line: lines[0] };
}

Deno.test("a certificate's basicConstraints is read from its DER: CA:TRUE or not", async () => {
  await using dir = await tempDir();
  const [ca, leaf] = await Promise.all([
    selfSigned(dir.path, "ca", true),
    selfSigned(dir.path, "leaf", false),
  ]);
  const der = async (file: string) => firstCertificateDer(await Deno.readTextFile(file));
  assert.ok(isCaCertificate(await der(ca.cert)), "openssl req -x509");
  assert.ok(!isCaCertificate(await der(leaf.cert)), "CA:FALSE");
  const signed = await opensslCertificates(dir.path);
  assert.ok(isCaCertificate(await der(signed.ca)));
  assert.ok(!isCaCertificate(await der(signed.cert)), "basicConstraints=CA:FALSE, not critical");
  const made = await makeCertificates({ names: ["localhost"] });
  assert.ok(isCaCertificate(firstCertificateDer(made.ca)));
  assert.ok(!isCaCertificate(firstCertificateDer(made.cert)));
  // A leaf of a chain is what counts: the CA after it does not make it one.
  assert.ok(!isCaCertificate(firstCertificateDer(made.cert + made.ca)));
});

Deno.test("a CA:TRUE server certificate: the server warns at start, the client says it in words with the fix, exit 1", async () => {
  await using dir = await tempDir();
  const srv = await selfSigned(dir.path, "srv", true);
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "tls://127.0.0.1:0",
    "--cert",
    srv.cert,
    "--key",
    srv.key,
    ...J,
  ]);
  await using _ = server;
  const warning = server.of("info").find((e) => e.said?.key === "note.tls_cert_is_ca");
  assert.ok(warning, JSON.stringify(server.events));
  assert.match(warning.message, /basicConstraints=critical,CA:FALSE/);

  const args = ["connect", `tls://127.0.0.1:${port}`, "--ca", srv.cert, "--send", "x"];
  const en = await oneLine(args);
  assert.equal(en.code, 1, en.line);
  assert.match(
    en.line,
    /^framecat: Cannot connect to tls:\/\/127\.0\.0\.1:\d+: invalid peer certificate: the server's certificate is a CA certificate \(basicConstraints CA:TRUE, as `openssl req -x509` makes by default\), which TLS here \(rustls\) refuses as a server's own; make it with -addext basicConstraints=critical,CA:FALSE, or let framecat make one \(serve tls:\/\/ with no --cert, and --ca-out\), or use --insecure$/,
  );
  const zh = await oneLine(args, { env: { LC_ALL: "zh_CN.UTF-8" } });
  assert.equal(zh.code, 1, zh.line);
  assert.match(zh.line, /服务端的证书是 CA 证书.*basicConstraints=critical,CA:FALSE/);
  for (const line of [en.line, zh.line]) assert.doesNotMatch(line, /CaUsedAsEndEntity|Other\(/);

  // The server does not tell its client to take a CA it was already given.
  const failed = await server.waitFor((evs) =>
    evs.filter((e) => e.event === "error").length >= 2 && evs.filter((e) => e.event === "error")
  );
  for (const e of failed) {
    assert.doesNotMatch(e.message, /give it the CA/, e.message);
    assert.match(e.message, /the client refused this certificate: its own error says why/);
  }
});

Deno.test("a self-signed certificate with CA:FALSE verifies against itself, and no warning is given", async () => {
  await using dir = await tempDir();
  const leaf = await selfSigned(dir.path, "leaf", false);
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "tls://127.0.0.1:0",
    "--cert",
    leaf.cert,
    "--key",
    leaf.key,
    ...J,
  ]);
  await using _ = server;
  const r = await runFramecat([
    "connect",
    `tls://127.0.0.1:${port}`,
    "--ca",
    leaf.cert,
    "--send",
    "x",
    ...J,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!server.of("info").some((e) => e.said?.key === "note.tls_cert_is_ca"));
});

Deno.test("an encrypted --key, on either side, and a client's --key that is not its --cert's: exit 2 before any connection", async () => {
  await using dir = await tempDir();
  const [leaf, other] = await Promise.all([
    selfSigned(dir.path, "leaf", false),
    selfSigned(dir.path, "other", false),
  ]);
  const enc = `${dir.path}/enc.key`;
  await output("openssl", [
    "pkey",
    "-in",
    leaf.key,
    "-out",
    enc,
    "-aes256",
    "-passout",
    "pass:secret",
  ]);
  // Port 9 (discard): nothing listens, so only a check before connecting can say it.
  for (const args of [["serve", "tls://127.0.0.1:0"], ["connect", "tls://127.0.0.1:9"]]) {
    const r = await oneLine([...args, "--cert", leaf.cert, "--key", enc]);
    assert.equal(r.code, 2, r.line);
    assert.equal(
      r.line,
      `framecat: --key: "${enc}" is encrypted: framecat needs the key unencrypted (openssl pkey -in ${enc} -out ${dir.path}/enc-plain.key)`,
    );
  }
  const mismatch = await oneLine([
    "connect",
    "tls://127.0.0.1:9",
    "--cert",
    leaf.cert,
    "--key",
    other.key,
  ]);
  assert.equal(mismatch.code, 2, mismatch.line);
  assert.equal(
    mismatch.line,
    "framecat: Cannot use --cert/--key: the key is not the certificate's (their public keys differ); give a PEM certificate and its own key",
  );
});

Deno.test("no ALPN protocol in common: the client names what it offered, the server what it takes", async () => {
  await using dir = await tempDir();
  const ca = `${dir.path}/ca.pem`;
  const { framecat: server, port } = await Framecat.listening([
    "serve",
    "tls://127.0.0.1:0",
    "--ca-out",
    ca,
    "--alpn",
    "http/1.1",
    ...J,
  ]);
  await using _ = server;
  for (const extra of [["--ca", ca], ["--insecure"]]) {
    const r = await oneLine([
      "connect",
      `tls://127.0.0.1:${port}`,
      ...extra,
      "--alpn",
      "h2,h3",
      "--send",
      "x",
    ]);
    assert.equal(r.code, 1, r.line);
    // A Deno server sometimes resets instead of sending its alert: the hint says so then.
    assert.match(
      r.line,
      /^framecat: Cannot connect to tls:\/\/127\.0\.0\.1:\d+: (received fatal alert: NoApplicationProtocol; the server takes none of the protocols offered|connection reset; the server reset the connection during the TLS handshake, as one that takes none of the protocols offered may do) \(--alpn h2,h3\)/,
    );
  }
  const failed = await server.waitFor((evs) => evs.find((e) => e.event === "error"));
  assert.match(
    failed.message,
    /peer doesn't support any known protocol; the client offered none of the protocols this server takes \(--alpn http\/1\.1\)$/,
  );
});

Deno.test("no ALPN protocol in common with openssl s_server: named, exit 1", async () => {
  await using dir = await tempDir();
  const files = await opensslCertificates(dir.path);
  await using server = await opensslServer(files, ["-alpn", "http/1.1"]);
  const r = await oneLine([
    "connect",
    `tls://127.0.0.1:${server.port}`,
    "--ca",
    files.ca,
    "--alpn",
    "h2",
    "--send",
    "x",
  ]);
  assert.equal(r.code, 1, r.line);
  assert.match(
    r.line,
    /: received fatal alert: NoApplicationProtocol; the server takes none of the protocols offered \(--alpn h2\): offer one it takes, or leave --alpn out$/,
  );
});

/** A python3 server answering an HTTP 400 to whatever comes, `accepts` times, then gone. */
async function httpAnswerer(accepts: number): Promise<{ port: number } & AsyncDisposable> {
  const child = new Deno.Command("python3", {
    args: [
      "-c",
      `import socket,sys
s=socket.socket();s.setsockopt(1,2,1);s.bind(('127.0.0.1',0));s.listen()
print(s.getsockname()[1],flush=True)
for _ in range(${accepts}):
    c,_=s.accept();c.recv(999);c.sendall(b'HTTP/1.1 400 Bad Request\\r\\n\\r\\n');c.close()`,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const { value } = await reader.read();
  return {
    port: Number(value),
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGKILL");
      } catch { /* it is gone */ }
      await reader.cancel().catch(() => {});
      await child.status;
    },
  };
}

Deno.test("a plain server's answer is shown to a TLS client, verified or --insecure", async () => {
  for (const extra of [[], ["--insecure"]]) {
    await using plain = await httpAnswerer(2);
    const r = await oneLine(["connect", `tls://127.0.0.1:${plain.port}`, ...extra, "--send", "x"]);
    assert.equal(r.code, 1, r.line);
    assert.match(
      r.line,
      /: the server is not speaking TLS: it answered "HTTP\/1\.1 400 Bad Request\\r\\n\\r\\n"; use tcp:\/\/ for a plain server$/,
    );
  }
});

Deno.test("socat's OPENSSL options are answered with framecat's flags, exit 2", async () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ["connect", "OPENSSL:127.0.0.1:4433,verify=0"],
      /socat's verify=0 is framecat's --insecure: write tls:\/\/127\.0\.0\.1:4433 --insecure/,
    ],
    [
      ["connect", "openssl:localhost:4433,cafile=ca.pem,verify=1,cert=c.pem,key=c.key"],
      /socat's cafile=ca\.pem,cert=c\.pem,key=c\.key is framecat's --ca ca\.pem --cert c\.pem --key c\.key: write tls:\/\/localhost:4433 --ca ca\.pem --cert c\.pem --key c\.key/,
    ],
    [
      ["serve", "OPENSSL-LISTEN:4433,cert=s.pem,key=s.key,verify=0,fork"],
      /socat's cert=s\.pem,key=s\.key is framecat's --cert s\.pem --key s\.key: write tls:\/\/4433 --cert s\.pem --key s\.key/,
    ],
    [["connect", "OPENSSL:127.0.0.1:4433,method=TLS1.2"], /socat's option "method=TLS1\.2"/],
  ];
  for (const [args, pattern] of cases) {
    const r = await oneLine(args);
    assert.equal(r.code, 2, r.line);
    assert.match(r.line, pattern);
    assert.doesNotMatch(r.line, /must be a number/);
  }
});

Deno.test("OPENSSL-LISTEN:PORT,verify=0 is what a framecat server does: it listens", async () => {
  await using server = new Framecat(["serve", "OPENSSL-LISTEN:0,verify=0,fork", ...J]);
  const port = await server.port();
  assert.ok(port > 0);
  assert.equal(server.of("listening")[0].transport, "tls");
});

Deno.test("the system's reason without Deno's tail: no (os error N), no call and path", async () => {
  await using dir = await tempDir();
  const r = await oneLine(["connect", "tls://127.0.0.1:9", "--cert", `${dir.path}/none.pem`]);
  assert.equal(r.code, 2, r.line);
  assert.equal(
    r.line,
    `framecat: --cert: Cannot read "${dir.path}/none.pem": No such file or directory`,
  );
  // node:tls's words (--insecure) are said as Deno's own sockets say them. Port 1: below the
  // kernel's ephemeral range, so no other test's port 0 takes it between (one bound and let go
  // was taken by a parallel test's server in CI, which reset the connection instead).
  const port = 1;
  for (const extra of [[], ["--insecure"]]) {
    const refused = await oneLine(["connect", `tls://127.0.0.1:${port}`, ...extra]);
    assert.equal(refused.code, 1, refused.line);
    assert.equal(
      refused.line,
      `framecat: Cannot connect to tls://127.0.0.1:${port}: Connection refused; is a server listening there? start one with: framecat serve tls://${port}`,
    );
  }
  const err = await Deno.readFile(`${dir.path}/none`).catch((e) => e);
  assert.match(err.message, /\(os error 2\): (readfile|open) '/, "Deno's own words, for the test");
  assert.equal(sayEn(saidOf(err)), "No such file or directory");
  // In Chinese, a missing file's own words (NotFound is a host's or a path's too).
  assert.equal(sayIn("zh", saidOf(err)), "没有这个文件或目录");
});

Deno.test("a name mismatch names the certificate's names as people write them", async () => {
  await using dir = await tempDir();
  const made = await makeCertificates({ names: ["localhost", "127.0.0.1", "::1"] });
  const files = { cert: `${dir.path}/c.pem`, key: `${dir.path}/c.key`, ca: `${dir.path}/ca.pem` };
  await Promise.all([
    Deno.writeTextFile(files.cert, made.cert),
    Deno.writeTextFile(files.key, made.key),
    Deno.writeTextFile(files.ca, made.ca),
  ]);
  await using server = await opensslServer(files);
  const args = [
    "connect",
    `tls://127.0.0.1:${server.port}`,
    "--ca",
    files.ca,
    "--servername",
    "example.com",
    "--send",
    "x",
  ];
  const r = await oneLine(args);
  assert.equal(r.code, 1, r.line);
  assert.match(
    r.line,
    /: invalid peer certificate: certificate not valid for name "example\.com" \(only for localhost, 127\.0\.0\.1 or ::1\); connect by a name the certificate has/,
  );
  const zh = await oneLine(args, { env: { LC_ALL: "zh_CN.UTF-8" } });
  assert.match(
    zh.line,
    /证书不适用于名字 "example\.com"（它只适用于 localhost、127\.0\.0\.1 或 ::1）；/,
  );
  assert.doesNotMatch(zh.line, /DnsName|IpAddress/);
});

Deno.test("a client's TLS alert (it does not trust the certificate) is said as an alert, not as bad data, in Chinese too", async () => {
  const { framecat: server, port } = await Framecat.listening(["serve", "tls://127.0.0.1:0", ...J]);
  await using _ = server;
  // No --ca: the client refuses the throw-away certificate and tells the server so.
  const refused = await runFramecat(["connect", `tls://127.0.0.1:${port}`, "--send", "x"]);
  assert.equal(refused.code, 1, refused.stderr);
  const [error] = await server.waitFor((evs) => {
    const errors = evs.filter((e) => e.event === "error");
    return errors.length > 0 && errors;
  });
  const zh = sayIn("zh", error.said!);
  assert.match(zh, /对方发来了 TLS 警报，结束了握手（received fatal alert: UnknownCA）/, zh);
  assert.doesNotMatch(zh, /收到的数据无效/, "a refusal, not invalid data");
  assert.match(sayEn(error.said!), /received fatal alert: UnknownCA; the client does not trust/);
});

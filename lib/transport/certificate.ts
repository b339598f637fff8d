/**
 * The throw-away certificates of a TLS server started without --cert/--key:
 * a CA and a leaf it signs, made in memory with WebCrypto (ECDSA P-256).
 * The CA signs a leaf with CA:FALSE, the server's own: rustls refuses a CA
 * certificate (CA:TRUE) as a server's, and the CA is what --ca-out gives clients.
 * Loading @peculiar/x509 takes about a second: tls.ts imports this module
 * only when a server has to make certificates.
 */
import "reflect-metadata"; // @peculiar/x509 needs it before it loads
import * as x509 from "@peculiar/x509";

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const HOUR_MS = 3600_000;
/** Long enough for any session; short enough that a leaked CA soon stops mattering. */
const VALID_DAYS = 30;

/** A certificate (PEM) with its private key (PKCS#8 PEM, as Deno.listenTls takes it). */
export interface CertifiedKey {
  cert: string;
  key: string;
}

export interface ThrowAwayCertificates extends CertifiedKey {
  /** The CA certificate (PEM) that signed `cert`: what a client trusts with --ca. */
  ca: string;
}

export interface CertificateRequest {
  /** DNS names and IP addresses the leaf is valid for. */
  names: string[];
  /** Default: from an hour ago. */
  notBefore?: Date;
  /** Default: 30 days from now. */
  notAfter?: Date;
}

/** Makes a CA and a leaf for `names`, signed by it. */
export async function makeCertificates(req: CertificateRequest): Promise<ThrowAwayCertificates> {
  const notBefore = req.notBefore ?? new Date(Date.now() - HOUR_MS);
  const notAfter = req.notAfter ?? new Date(Date.now() + VALID_DAYS * 24 * HOUR_MS);
  const caKeys = await newKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=framecat throw-away CA",
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });
  const leafKeys = await newKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${req.names[0] ?? "localhost"}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.serverAuth,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      new x509.SubjectAlternativeNameExtension(req.names.map(generalName)),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", leafKeys.privateKey);
  return {
    cert: leaf.toString("pem"),
    key: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
    ca: ca.toString("pem"),
  };
}

function newKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
}

/** A random positive 64-bit serial: two throw-away CAs never share one. */
function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] &= 0x7f;
  return bytes.toHex();
}

function generalName(name: string): x509.JsonGeneralName {
  const isIp = /^[\d.]+$/.test(name) || name.includes(":");
  return { type: isIp ? "ip" : "dns", value: name };
}

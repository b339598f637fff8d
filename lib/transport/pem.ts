/**
 * What a server's own certificate says, read from its PEM without a
 * certificate library (@peculiar/x509 takes a fifth of a second to load,
 * and every `serve --cert` would pay it): the DER of the first certificate,
 * and whether it is a CA's.
 */

/** The DER of the first certificate in `pem` (the leaf of a chain); empty when there is none. */
export function firstCertificateDer(pem: string): Uint8Array<ArrayBuffer> {
  const block = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem);
  return Uint8Array.fromBase64((block?.[1] ?? "").replace(/\s+/g, ""));
}

/** The extension basicConstraints (2.5.29.19) begins with its OID, in DER. */
const BASIC_CONSTRAINTS = [0x06, 0x03, 0x55, 0x1d, 0x13];

/**
 * True when the certificate says CA:TRUE (basicConstraints), as `openssl req
 * -x509` makes by default: rustls refuses such a certificate as a server's own.
 * Extension ::= SEQUENCE { OID, critical BOOLEAN OPTIONAL, OCTET STRING {
 * SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } } }.
 */
export function isCaCertificate(der: Uint8Array): boolean {
  let i = indexOf(der, BASIC_CONSTRAINTS);
  if (i < 0) return false;
  i += BASIC_CONSTRAINTS.length;
  if (der[i] === 0x01) i += 2 + der[i + 1]; // critical
  if (der[i] !== 0x04) return false;
  i += 2; // the OCTET STRING's length: a few bytes, one byte of length
  if (der[i] !== 0x30 || der[i + 1] === 0) return false; // an empty SEQUENCE: cA is FALSE
  return der[i + 2] === 0x01 && der[i + 3] === 0x01 && der[i + 4] !== 0x00;
}

function indexOf(bytes: Uint8Array, wanted: readonly number[]): number {
  for (let i = 0; i + wanted.length <= bytes.length; i++) {
    if (wanted.every((b, k) => bytes[i + k] === b)) return i;
  }
  return -1;
}

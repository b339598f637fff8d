/** What one `tls://` endpoint uses; PEM texts are read while the command line is parsed. */
export interface TlsSettings {
  /** Our certificate chain (PEM). A server without one makes a throw-away CA and leaf. */
  cert?: string;
  /** The private key of `cert` (PEM). */
  key?: string;
  /** Client: certificates trusted besides the root store (PEM). */
  ca?: string;
  /** Server: where to write the throw-away CA certificate. */
  caOut?: string;
  /** Client: the name sent (SNI) and checked. Default: the endpoint's host. */
  servername?: string;
  /** Client: skip verification. Default false. */
  insecure?: boolean;
  /** Protocols offered (client) or accepted (server), in order of preference. */
  alpn?: string[];
}

/** Closes a socket, listener or file that may be closed already (Ctrl-C, the peer, a second stop). */
export function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch { /* already closed */ }
}

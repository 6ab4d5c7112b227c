// Why `serve` could not listen, as one line the user can act on: a port in use, a port that needs
// privileges, an address this machine does not have. These are the user's to fix, not bugs: no
// stack trace. The CLI launcher (bin/sizegate-local.mjs) prints this line when there is one.

interface ListenError {
  readonly code?: unknown;
  readonly syscall?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
}

/** The one-line message for a failed listen(), or undefined for any other error. */
export function listenFailureLine(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, syscall, address, port } = error as ListenError;
  if (syscall !== 'listen') return undefined;
  const host = typeof address === 'string' ? address : 'the address';
  // Node.js leaves the port out of the error when it was 0 (any free port).
  const where = typeof port === 'number' && port > 0 ? `${host}:${port}` : host;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is already in use (another sizegate-local serve?): stop it, or pass --port 0 for a free port (or --port N)`;
    case 'EACCES':
      return `not allowed to listen on ${where} (ports below 1024 need privileges): pass --port 0 for a free port (or --port N above 1023)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: it is not an address of this machine; pass --host 127.0.0.1 (the default) or one of its addresses`;
    default:
      return undefined;
  }
}

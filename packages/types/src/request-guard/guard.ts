import { isIP } from 'node:net';

/**
 * Which browser-reachable names the runtime answers to. The runtime checks no credentials, so a
 * web page must not be able to talk to it: not through a name that resolves to 127.0.0.1 (DNS
 * rebinding: the page's own host name, so the Host header names the attacker's domain), and not
 * by sending requests from its own origin (CSRF: the Origin header names that origin).
 */
export interface RequestGuard {
  /** Why the request is refused, or undefined when it may be served. */
  refusal(headers: GuardedHeaders): string | undefined;
}

export interface GuardedHeaders {
  readonly host?: string | undefined;
  readonly origin?: string | undefined;
  readonly secFetchSite?: string | undefined;
}

export interface RequestGuardOptions {
  /** The address the server is bound to, as given (e.g. '127.0.0.1', '0.0.0.0', '::', 'localhost'). */
  readonly boundHost: string;
  /** The port it listens on (the real one, after port 0 was resolved). */
  readonly port: number;
  /**
   * Extra names: `name` (any port, or none, as behind a reverse proxy) or `name:port` (that port
   * only). IPv6 addresses in brackets: `[fd00::1]:4566`.
   */
  readonly allowedHosts?: readonly string[];
}

export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const port = String(options.port);
  const exact = new Set(['127.0.0.1', 'localhost', '[::1]', bracketed(options.boundHost.toLowerCase())].map((name) => `${name}:${port}`));
  if (port === '80') for (const name of [...exact]) exact.add(name.slice(0, -':80'.length)); // clients omit the default port
  const anyPort = new Set<string>();
  for (const entry of options.allowedHosts ?? []) {
    const { name, port: entryPort } = splitHost(entry.trim().toLowerCase());
    if (entryPort === undefined) anyPort.add(name);
    else exact.add(`${name}:${entryPort}`);
  }

  const hostAllowed = (host: string): boolean => {
    const normalised = host.trim().toLowerCase();
    if (exact.has(normalised)) return true;
    const { name, port: hostPort } = splitHost(normalised);
    if (anyPort.has(name)) return true;
    // `<bucket>.localhost` (the SDK's virtual-host style) resolves to loopback by definition
    // (RFC 6761, and browsers never ask DNS for it), so no page can rebind it.
    return hostPort === port && /^[a-z0-9][a-z0-9.-]*\.localhost$/.test(name);
  };

  return {
    refusal({ host, origin, secFetchSite }) {
      // A request without Host (HTTP/1.0; Node refuses HTTP/1.1 without it) does not come from a
      // browser, which always sends one: nothing to rebind. Its Origin is still checked.
      if (host !== undefined && !hostAllowed(host)) return `Host "${host}" is not an address this runtime serves`;
      if (origin !== undefined && !originAllowed(origin, hostAllowed)) return `Origin "${origin}" is not allowed`;
      if (secFetchSite?.trim().toLowerCase() === 'cross-site') return 'Cross-site browser requests are not allowed';
      return undefined;
    },
  };
}

/** `http(s)://<allowed host>` with nothing after it; `null` (sandboxed pages, file:) is not an origin we serve. */
function originAllowed(origin: string, hostAllowed: (host: string) => boolean): boolean {
  const match = /^(https?):\/\/([^/?#@]+)$/i.exec(origin.trim());
  if (!match) return false;
  const [, scheme = '', host = ''] = match;
  if (hostAllowed(host)) return true;
  // An origin omits the scheme's default port, which a Host header for the same server may carry.
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  return !/:\d+$/.test(host) && hostAllowed(`${host}:${defaultPort}`);
}

/** IPv6 literals appear in brackets in Host headers and URLs. */
function bracketed(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

function splitHost(host: string): { name: string; port?: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  if (!match) return { name: bracketed(host) }; // a bare IPv6 address
  return match[2] === undefined ? { name: match[1] ?? host } : { name: match[1] ?? host, port: match[2] };
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(address: string): boolean {
  const normalised = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (normalised === 'localhost' || normalised === '::1') return true;
  const v4 = normalised.startsWith('::ffff:') ? normalised.slice('::ffff:'.length) : normalised;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** The warning for a bind address other machines can reach (0.0.0.0, ::, a LAN address), or undefined for loopback. */
export function wideBindWarning(host: string, port: number): string | undefined {
  if (isLoopback(host)) return undefined;
  return (
    `Listening on ${bracketed(host)}:${port}, which other machines can reach: anyone who can connect can read and write ` +
    'objects and start executions, because the runtime checks no credentials. Bind 127.0.0.1 unless this network is trusted.'
  );
}

/** What serving on an address means: the requests refused, and the warning to log at start. */
export interface BindPolicy {
  readonly guard: RequestGuard;
  /** Set for an address other machines can reach (see wideBindWarning). */
  readonly warning: string | undefined;
}

/**
 * Both consequences of the bind address from one call, so the front server cannot warn about one
 * address and guard another: the Host names served (the bound address among them) and the warning.
 */
export function bindPolicy(options: RequestGuardOptions): BindPolicy {
  return { guard: createRequestGuard(options), warning: wideBindWarning(options.boundHost, options.port) };
}

import { describe, expect, it } from 'vitest';
import { bindPolicy, createRequestGuard, isLoopback, wideBindWarning } from '../../src/request-guard/index.js';

// The Host / Origin / Sec-Fetch-Site check on its own: which requests the front server refuses.

describe('Host check (DNS rebinding)', () => {
  const guard = createRequestGuard({ boundHost: '127.0.0.1', port: 4566 });

  it.each(['127.0.0.1:4566', 'localhost:4566', 'LOCALHOST:4566', '[::1]:4566', 'incoming.localhost:4566', 'a.b-c.localhost:4566'])(
    'allows the loopback host %s on the served port',
    (host) => {
      // Act / Assess
      expect(guard.refusal({ host })).toBeUndefined();
    },
  );

  it.each([
    'evil.example:4566', // a rebound attacker name
    'evil.example',
    '127.0.0.1:8080', // another port: not this server's address
    'localhost',
    '127.0.0.2:4566',
    'localhost.evil.example:4566',
    'incoming.localhost:80',
    '',
  ])('refuses the host %j', (host) => {
    // Act
    const refusal = guard.refusal({ host });

    // Assess
    expect(refusal).toBe(`Host "${host}" is not an address this runtime serves`);
  });

  it('allows a request without Host (HTTP/1.0): no browser sends one', () => {
    expect(guard.refusal({})).toBeUndefined();
  });

  it('allows the bound address when it is not a loopback name: 0.0.0.0, ::, a LAN address', () => {
    // Prepare
    const any4 = createRequestGuard({ boundHost: '0.0.0.0', port: 4566 });
    const any6 = createRequestGuard({ boundHost: '::', port: 4566 });
    const lan = createRequestGuard({ boundHost: '192.168.1.20', port: 9000 });

    // Act / Assess
    expect(any4.refusal({ host: '0.0.0.0:4566' })).toBeUndefined();
    expect(any6.refusal({ host: '[::]:4566' })).toBeUndefined();
    expect(lan.refusal({ host: '192.168.1.20:9000' })).toBeUndefined();
    expect(lan.refusal({ host: '192.168.1.21:9000' })).toBeDefined();
  });

  it('accepts hosts without a port when serving on port 80, as clients omit the default port', () => {
    // Prepare
    const on80 = createRequestGuard({ boundHost: '127.0.0.1', port: 80 });

    // Act / Assess
    expect(on80.refusal({ host: 'localhost' })).toBeUndefined();
    expect(on80.refusal({ host: '127.0.0.1:80' })).toBeUndefined();
    expect(guard.refusal({ host: '127.0.0.1' })).toBeDefined();
  });

  it('allowedHosts: a bare name matches any port (or none); name:port only that port', () => {
    // Prepare
    const named = createRequestGuard({
      boundHost: '127.0.0.1',
      port: 4566,
      allowedHosts: ['Sizegate.Internal', 'devbox:8443', '[fd00::1]:4566'],
    });

    // Act / Assess
    expect(named.refusal({ host: 'sizegate.internal' })).toBeUndefined();
    expect(named.refusal({ host: 'sizegate.internal:443' })).toBeUndefined();
    expect(named.refusal({ host: 'devbox:8443' })).toBeUndefined();
    expect(named.refusal({ host: '[fd00::1]:4566' })).toBeUndefined();
    expect(named.refusal({ host: 'devbox:4566' })).toBeDefined();
    expect(named.refusal({ host: 'devbox' })).toBeDefined();
    expect(named.refusal({ host: 'other.internal' })).toBeDefined();
  });
});

describe('Origin and Sec-Fetch-Site check (CSRF)', () => {
  const guard = createRequestGuard({ boundHost: '127.0.0.1', port: 4566, allowedHosts: ['devbox'] });
  const host = '127.0.0.1:4566';

  it.each(['http://127.0.0.1:4566', 'http://localhost:4566', 'http://[::1]:4566', 'http://devbox', 'https://devbox', 'http://devbox:8080'])(
    'allows the same-origin (or allowed host) origin %s',
    (origin) => {
      // Act / Assess
      expect(guard.refusal({ host, origin })).toBeUndefined();
    },
  );

  it.each([
    'https://evil.example',
    'http://localhost:3000', // another local app
    'http://127.0.0.1',
    'null', // sandboxed iframes, file: pages
    'file://',
    'http://localhost:4566/path',
    'ftp://localhost:4566',
    'http://user@localhost:4566',
  ])('refuses the origin %j', (origin) => {
    // Act
    const refusal = guard.refusal({ host, origin });

    // Assess
    expect(refusal).toBe(`Origin "${origin}" is not allowed`);
  });

  it('refuses Sec-Fetch-Site: cross-site, allows same-origin, same-site and none', () => {
    // Act / Assess
    expect(guard.refusal({ host, secFetchSite: 'cross-site' })).toBe('Cross-site browser requests are not allowed');
    expect(guard.refusal({ host, secFetchSite: 'same-origin', origin: 'http://localhost:4566' })).toBeUndefined();
    expect(guard.refusal({ host, secFetchSite: 'same-site' })).toBeUndefined();
    expect(guard.refusal({ host, secFetchSite: 'none' })).toBeUndefined();
  });

  it('allows requests without Origin (SDK clients, awscli, curl)', () => {
    expect(guard.refusal({ host })).toBeUndefined();
  });
});

describe('wide binds', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    'does not warn for the loopback address %s',
    (address) => {
      expect(isLoopback(address)).toBe(true);
      expect(wideBindWarning(address, 4566)).toBeUndefined();
    },
  );

  it.each([
    ['0.0.0.0', '0.0.0.0:4566'],
    ['::', '[::]:4566'],
    ['192.168.1.20', '192.168.1.20:4566'],
    ['myhost.lan', 'myhost.lan:4566'],
  ])('warns for %s, naming the address and the risk', (address, shown) => {
    // Act
    const warning = wideBindWarning(address, 4566);

    // Assess
    expect(isLoopback(address)).toBe(false);
    expect(warning).toContain(`Listening on ${shown}`);
    expect(warning).toContain('other machines can reach');
    expect(warning).toContain('checks no credentials');
  });
});

describe('bindPolicy: the guard and the warning for one bind address', () => {
  it('for 0.0.0.0: the warning, a guard serving the bound address and loopback, and refusing other hosts', () => {
    // Act
    const policy = bindPolicy({ boundHost: '0.0.0.0', port: 4566 });

    // Assess
    expect(policy.warning).toBe(wideBindWarning('0.0.0.0', 4566));
    expect(policy.guard.refusal({ host: '0.0.0.0:4566' })).toBeUndefined();
    expect(policy.guard.refusal({ host: '127.0.0.1:4566' })).toBeUndefined();
    expect(policy.guard.refusal({ host: 'evil.example:4566' })).toBe('Host "evil.example:4566" is not an address this runtime serves');
  });

  it('for 127.0.0.1: no warning, and the allowed hosts given', () => {
    // Act
    const policy = bindPolicy({ boundHost: '127.0.0.1', port: 4566, allowedHosts: ['devbox'] });

    // Assess
    expect(policy.warning).toBeUndefined();
    expect(policy.guard.refusal({ host: 'devbox' })).toBeUndefined();
    expect(policy.guard.refusal({ host: '0.0.0.0:4566' })).toBeDefined();
  });
});

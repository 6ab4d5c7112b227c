/**
 * `@sizegate/types/request-guard`: what keeps a local service that checks no credentials safe to
 * run on a laptop — the Host/Origin request guard (DNS rebinding, CSRF), the warning for a wide
 * bind, and the guarded HTTP server every local service is served from. A subpath of its own, so
 * the Lambda handler bundles that import `@sizegate/types` never pull in `node:http`.
 */
export { bindPolicy, createRequestGuard, isLoopback, wideBindWarning } from './guard.js';
export type { BindPolicy, GuardedHeaders, RequestGuard, RequestGuardOptions } from './guard.js';
export { endpointFor, guardedHeaders, listenOn, startGuardedServer } from './server.js';
export type { GuardedServer, GuardedServerOptions, Listen } from './server.js';

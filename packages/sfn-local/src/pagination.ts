import { invalidToken } from './errors.js';

/**
 * Opaque page tokens: base64url JSON naming the operation and the request it belongs to, so a
 * token from another request (or a made-up one) is an InvalidToken rather than a wrong page.
 */
export interface PageToken {
  readonly op: string;
  /** What the token is bound to (state machine + filter, or execution + order). */
  readonly scope: string;
  /** ListExecutions: the last executionArn returned; GetExecutionHistory: the next index. */
  readonly position: string | number;
}

const MAX_TOKEN_LENGTH = 1024;

export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify({ v: 1, ...token }), 'utf8').toString('base64url');
}

/** The token's position, after checking it was issued for this operation and scope. */
export function decodePageToken(nextToken: string, op: string, scope: string): string | number {
  if (nextToken.length > MAX_TOKEN_LENGTH) throw invalidToken(`Token is longer than ${MAX_TOKEN_LENGTH} characters`);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken('Invalid token');
  }
  const token = decoded as Partial<PageToken> & { v?: unknown };
  if (
    token === null ||
    typeof token !== 'object' ||
    token.v !== 1 ||
    token.op !== op ||
    (typeof token.position !== 'string' && typeof token.position !== 'number')
  ) {
    throw invalidToken('Invalid token');
  }
  if (token.scope !== scope) throw invalidToken('The token was issued for a different request');
  return token.position;
}

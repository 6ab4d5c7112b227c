import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

// Distinctive credentials: if any of them shows up in an error or a log line, it was echoed.
// (Shared by the handler packages' "errors never echo credentials" tests.)
export const CANARY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIASIZEGATECANARY01',
  AWS_SECRET_ACCESS_KEY: 'sizegateCanarySecret/Never+Echo/0123456789abcdef',
  AWS_SESSION_TOKEN: 'sizegateCanarySessionToken0123456789NeverEchoThis',
} as const;

/** Everything an error carries, as text: message, stack, every own property (hidden ones too) and the cause chain. */
export function everythingIn(value: unknown): string {
  return inspect(value, { depth: 12, showHidden: true, getters: false, maxArrayLength: 1_000, maxStringLength: 1_000_000 });
}

/** The canary values found in `text` (by variable name): [] when nothing was echoed. */
export function echoedCredentials(text: string): string[] {
  return Object.entries(CANARY_CREDENTIALS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

/** What the answering server sends back. */
export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface AnsweringServer {
  readonly endpoint: string;
  /** The Authorization and X-Amz-Security-Token headers received: proof that the requests were signed with the canary. */
  readonly authorizations: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers every request with what `answer` returns (after reading the body). */
export async function startAnsweringServer(answer: (request: IncomingMessage) => Answer): Promise<AnsweringServer> {
  const authorizations: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    authorizations.push(`${request.headers.authorization ?? ''} ${request.headers['x-amz-security-token'] ?? ''}`);
    request.resume();
    request.on('end', () => {
      const { status, headers = {}, body = '' } = answer(request);
      response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    authorizations,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An S3 error response as S3 sends it (XML, with a request id). */
export function s3ErrorAnswer(status: number, code: string, message: string): Answer {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>canary-host</HostId></Error>`;
  return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9' }, body };
}

/** What a Lambda entry's own logger printed while captured; `restore()` gives the streams back. */
export interface CapturedOutput {
  /** Everything written to stdout and stderr since the capture began, in order. */
  text(): string;
  restore(): void;
}

/**
 * Captures process.stdout and process.stderr (Powertools writes info to one, errors to the other),
 * so a test can read what the real logger printed and the run stays quiet.
 */
export function captureProcessOutput(): CapturedOutput {
  const chunks: string[] = [];
  const originals = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write;
    stream.write = ((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
    return { stream, write };
  });
  return {
    text: () => chunks.join(''),
    restore: () => {
      for (const { stream, write } of originals) stream.write = write;
    },
  };
}

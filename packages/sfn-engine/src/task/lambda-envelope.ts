/** lambda:invoke's result as AWS writes it: the Payload envelope with the SDK's HTTP metadata. */
import { randomUUID } from 'node:crypto';

export function lambdaInvokeEnvelope(payload: unknown, now: number): Record<string, unknown> {
  const requestId = randomUUID();
  const traceId = `Root=1-${Math.floor(now / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Parent=${randomUUID().replace(/-/g, '').slice(0, 16)};Sampled=0;Lineage=1:00000000:0`;
  const contentLength = String(Buffer.byteLength(JSON.stringify(payload ?? null), 'utf8'));
  const date = new Date(now).toUTCString();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [contentLength],
        Date: [date],
        'X-Amzn-Trace-Id': [traceId],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Length': contentLength,
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
        'X-Amzn-Trace-Id': traceId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** AWS's cause for lambda:invoke of a function that does not exist. */
export function functionNotFoundCause(functionArn: string): string {
  return `Function not found: ${functionArn} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`;
}

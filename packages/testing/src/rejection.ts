/** What `promise` rejects with; throws when it resolves, so a test cannot pass by accident. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * The constructor options of an AWS SDK v3 service exception as the SDK builds it for a response:
 * a name, a fault side and (when the service answered) an HTTP status. Pass them to the client's
 * own exception class, e.g. `new S3ServiceException(serviceErrorInit('NotFound', 404))`.
 */
export function serviceErrorInit(name: string, httpStatusCode: number | undefined, message = `${name} from the mock`) {
  return {
    name,
    $fault: httpStatusCode !== undefined && httpStatusCode >= 500 ? ('server' as const) : ('client' as const),
    $metadata: httpStatusCode === undefined ? {} : { httpStatusCode },
    message,
  };
}

import { ExecutionAlreadyExists, SFNServiceException } from '@aws-sdk/client-sfn';

/** A Step Functions service error as the SDK builds it: a name and (when the service answered) an HTTP status. */
export function sfnError(name: string, httpStatusCode: number | undefined): SFNServiceException {
  return new SFNServiceException({
    name,
    $fault: httpStatusCode !== undefined && httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: httpStatusCode === undefined ? {} : { httpStatusCode },
    message: `${name} from the mock`,
  });
}

/** The modelled error StartExecution answers for a name already used. */
export function executionAlreadyExists(name: string): ExecutionAlreadyExists {
  return new ExecutionAlreadyExists({ message: `Execution Already Exists: '${name}'`, $metadata: { httpStatusCode: 400 } });
}

/** What `promise` rejects with; throws when it resolves, so a test cannot pass by accident. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

import { ExecutionAlreadyExists, SFNServiceException } from '@aws-sdk/client-sfn';
import { serviceErrorInit } from '@sizegate/testing';

/** A Step Functions service error as the SDK builds it: a name and (when the service answered) an HTTP status. */
export function sfnError(name: string, httpStatusCode: number | undefined): SFNServiceException {
  return new SFNServiceException(serviceErrorInit(name, httpStatusCode));
}

/** The modelled error StartExecution answers for a name already used. */
export function executionAlreadyExists(name: string): ExecutionAlreadyExists {
  return new ExecutionAlreadyExists({ message: `Execution Already Exists: '${name}'`, $metadata: { httpStatusCode: 400 } });
}

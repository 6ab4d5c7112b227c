/** What a Task's Resource names: a Lambda function by ARN, lambda:invoke, another integration, an activity. */
export type TaskResource =
  | { readonly kind: 'lambda-function'; readonly arn: string }
  | {
      readonly kind: 'service';
      readonly service: string;
      readonly action: string;
      readonly pattern: 'request-response' | 'sync' | 'waitForTaskToken';
      readonly arn: string;
    }
  | { readonly kind: 'activity'; readonly arn: string }
  | { readonly kind: 'unknown'; readonly arn: string };

const LAMBDA_FUNCTION = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const SERVICE =
  /^arn:aws[a-z-]*:states:[a-z0-9-]*:\d{0,12}:([a-z0-9-]+(?::[a-zA-Z0-9-]+)?):([a-zA-Z0-9_]+)(?:\.(sync(?::2)?|waitForTaskToken))?$/;
const ACTIVITY = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:/;

export function parseResource(arn: string): TaskResource {
  if (LAMBDA_FUNCTION.test(arn)) return { kind: 'lambda-function', arn };
  if (ACTIVITY.test(arn)) return { kind: 'activity', arn };
  const service = SERVICE.exec(arn);
  if (service !== null) {
    const suffix = service[3];
    const pattern = suffix === undefined ? 'request-response' : suffix === 'waitForTaskToken' ? 'waitForTaskToken' : 'sync';
    return { kind: 'service', service: service[1] as string, action: service[2] as string, pattern, arn };
  }
  return { kind: 'unknown', arn };
}

/** `resource` and `resourceType` of Task* events: `arn:aws:states:::lambda:invoke.waitForTaskToken` → invoke.waitForTaskToken / lambda. */
export function taskEventResource(resource: Extract<TaskResource, { kind: 'service' }>): { resource: string; resourceType: string } {
  const suffix = resource.pattern === 'request-response' ? '' : `.${resource.arn.split('.').pop() ?? ''}`;
  const service = resource.service.startsWith('aws-sdk:') ? resource.service : resource.service;
  return { resource: `${resource.action}${suffix}`, resourceType: service };
}

/**
 * How Lambda reads a FunctionName: a name (`my-function`), a partial ARN
 * (`123456789012:function:my-function`) or a full ARN
 * (`arn:aws:lambda:us-east-1:123456789012:function:my-function`), each with an optional
 * `:qualifier` (`$LATEST`, a version or an alias). The pattern is the one of Lambda's Invoke API.
 */
const REFERENCE =
  /^(?:arn:(?<partition>aws[a-zA-Z-]*)?:lambda:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(?<account>\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9_-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** A Lambda function name: letters, digits, `-` and `_`, 1 to 64 characters (CreateFunction's rule). */
export const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export interface FunctionReference {
  readonly name: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly qualifier?: string;
}

/** The parts of a FunctionName, or undefined when Lambda would not take it as one. */
export function parseFunctionReference(reference: string): FunctionReference | undefined {
  const groups = REFERENCE.exec(reference)?.groups;
  if (groups?.name === undefined || groups.name.length > 64) return undefined;
  return {
    name: groups.name,
    ...(groups.region === undefined ? {} : { region: groups.region }),
    ...(groups.account === undefined ? {} : { accountId: groups.account }),
    ...(groups.qualifier === undefined ? {} : { qualifier: groups.qualifier }),
  };
}

/** `arn:aws:lambda:<region>:<account>:function:<name>` */
export const functionArnOf = (scope: { region: string; accountId: string }, name: string) =>
  `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${name}`;

/**
 * The full ARN a reference stands for in this region and account (with its qualifier), as Lambda
 * names it in a "Function not found" error; a reference that is not a FunctionName stays as given.
 */
export function fullFunctionArnOf(scope: { region: string; accountId: string }, reference: string): string {
  if (reference.startsWith('arn:')) return reference;
  const parsed = parseFunctionReference(reference);
  if (parsed === undefined) return reference;
  const arn = functionArnOf({ region: parsed.region ?? scope.region, accountId: parsed.accountId ?? scope.accountId }, parsed.name);
  return parsed.qualifier === undefined ? arn : `${arn}:${parsed.qualifier}`;
}

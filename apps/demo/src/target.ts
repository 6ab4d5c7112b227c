// Which deployment the demo talks to, and why: decided once, from --aws and AWS_ENDPOINT_URL, and
// said on the demo's first line, so a shell that still exports AWS_ENDPOINT_URL (as the README has
// users do for `serve`) does not send the demo somewhere else without a word.

export type TargetKind = 'local' | 'endpoint' | 'aws';

export interface TargetChoice {
  readonly kind: TargetKind;
  /** For `endpoint`: the URL the SDK clients are sent to. */
  readonly endpoint?: string;
  /** For `aws`: AWS_ENDPOINT_URL was set and is ignored. */
  readonly ignoredEndpoint?: string;
}

/** --aws wins (real AWS, whatever AWS_ENDPOINT_URL says); else a set AWS_ENDPOINT_URL; else the embedded runtime. */
export function chooseTarget(flags: { readonly aws?: boolean | undefined }, env: NodeJS.ProcessEnv): TargetChoice {
  const endpoint = env['AWS_ENDPOINT_URL']?.trim() || undefined;
  if (flags.aws === true) return endpoint === undefined ? { kind: 'aws' } : { kind: 'aws', ignoredEndpoint: endpoint };
  if (endpoint !== undefined) return { kind: 'endpoint', endpoint };
  return { kind: 'local' };
}

/** The demo's first line: the target and the reason for it, with how to pick another. */
export function targetLine(choice: TargetChoice): string {
  switch (choice.kind) {
    case 'local':
      return 'Target: the embedded local runtime, on a free port (no --aws, and AWS_ENDPOINT_URL is not set)';
    case 'endpoint':
      return `Target: ${choice.endpoint}, from AWS_ENDPOINT_URL (it is set; unset it for the embedded local runtime, or pass --aws for AWS)`;
    case 'aws':
      return choice.ignoredEndpoint === undefined
        ? 'Target: AWS (--aws), with the credentials and region of the usual AWS chain'
        : `Target: AWS (--aws), with the credentials and region of the usual AWS chain; AWS_ENDPOINT_URL (${choice.ignoredEndpoint}) is ignored`;
  }
}

/**
 * SDK client settings for a remote target: an endpoint target is addressed path-style (a local
 * emulator has no DNS for `<bucket>.<host>`); --aws ignores AWS_ENDPOINT_URL and the service
 * endpoints configured for the SDK, so AWS is what is asked.
 */
export function remoteClientConfig(choice: TargetChoice): {
  readonly s3: { forcePathStyle?: boolean; ignoreConfiguredEndpointUrls?: boolean };
  readonly sfn: { ignoreConfiguredEndpointUrls?: boolean };
} {
  if (choice.kind === 'endpoint') return { s3: { forcePathStyle: true }, sfn: {} };
  if (choice.kind === 'aws') return { s3: { ignoreConfiguredEndpointUrls: true }, sfn: { ignoreConfiguredEndpointUrls: true } };
  return { s3: {}, sfn: {} };
}

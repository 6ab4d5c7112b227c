import { ConfigurationError } from './errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The first of `names` that is set to a non-empty value, or undefined. */
export function optionalEnv(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value;
  }
  return undefined;
}

/** The value of `name`, or a ConfigurationError that names the variable. */
export function requireEnv(env: Env, name: string): string {
  const value = optionalEnv(env, name);
  if (value === undefined) {
    throw new ConfigurationError(`Environment variable ${name} is required but not set`);
  }
  return value;
}

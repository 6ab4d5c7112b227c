import { fileURLToPath } from 'node:url';

/**
 * Directory of the pre-built Lambda bundle (one file, index.mjs; handler "index.handler"),
 * e.g. for CDK's `lambda.Code.fromAsset(bundleDir)`.
 */
export const bundleDir = fileURLToPath(new URL('./bundle/', import.meta.url));

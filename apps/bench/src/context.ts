import type { S3Client } from '@aws-sdk/client-s3';
import type { Figure } from './report.js';
import type { ServeProcess } from './proc.js';

export interface BenchContext {
  /** A `sizegate-local serve` child shared by the suites that need an endpoint. */
  readonly serve: ServeProcess;
  /** The bucket for bench data: created by serve, but no executions start from it. */
  readonly dataBucket: string;
  /** A client of the serve endpoint for setup (uploads, deletes). */
  readonly s3: S3Client;
  /** Fewer runs and no 4 GiB object: for trying the machinery, not for figures. */
  readonly quick: boolean;
  log(message: string): void;
}

export type Suite = (context: BenchContext) => Promise<Figure[]>;

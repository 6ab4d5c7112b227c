import { describe, expect, it } from 'vitest';
import { endLine, reportLine, startLine } from '../../src/lambda/runtime/log-lines.js';

describe('the platform log lines', () => {
  it('write START and END as CloudWatch shows them', () => {
    // Act / Assess
    expect(startLine('req-1')).toBe('START RequestId: req-1 Version: $LATEST');
    expect(endLine('req-1')).toBe('END RequestId: req-1');
  });

  it('write REPORT with tab-separated fields and a trailing tab, Init Duration on a cold start only', () => {
    // Act
    const warm = reportLine({ requestId: 'req-1', durationMs: 3.456, memorySize: 128, maxMemoryUsedMB: 67 });
    const cold = reportLine({ requestId: 'req-2', durationMs: 2.08, initDurationMs: 177.123, memorySize: 1024, maxMemoryUsedMB: 90 });

    // Assess
    expect(warm).toBe('REPORT RequestId: req-1\tDuration: 3.46 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t');
    // Billed: the duration rounded up to the ms, the init phase included (billed since August 2025).
    expect(cold).toBe(
      'REPORT RequestId: req-2\tDuration: 2.08 ms\tBilled Duration: 180 ms\tMemory Size: 1024 MB\tMax Memory Used: 90 MB\tInit Duration: 177.12 ms\t',
    );
  });

  it('add Status: timeout, or Status: error with the Error Type, when the platform ended the invocation', () => {
    // Act
    const timeout = reportLine({ requestId: 'r', durationMs: 3016.78, memorySize: 128, maxMemoryUsedMB: 31, status: { kind: 'timeout' } });
    const crash = reportLine({
      requestId: 'r',
      durationMs: 133.61,
      initDurationMs: 80,
      memorySize: 128,
      maxMemoryUsedMB: 31,
      status: { kind: 'error', errorType: 'Runtime.ExitError' },
    });

    // Assess
    expect(timeout).toMatch(/\tMax Memory Used: 31 MB\tStatus: timeout\t$/);
    expect(crash).toMatch(/\tInit Duration: 80\.00 ms\tStatus: error\tError Type: Runtime\.ExitError\t$/);
  });
});

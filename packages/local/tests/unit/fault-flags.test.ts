import { describe, expect, it } from 'vitest';
import { parseFaultFlags } from '../../src/fault-flags.js';

describe('parseFaultFlags', () => {
  it('reads STATE:ERROR:COUNT, the error being everything between the first and the last colon', () => {
    // Act
    const faults = parseFaultFlags(['ProcessFile:Lambda.ServiceException:2', 'CheckFileSize:My:Odd:Error:1']);

    // Assess
    expect(faults).toEqual([
      { state: 'ProcessFile', error: 'Lambda.ServiceException', count: 2 },
      { state: 'CheckFileSize', error: 'My:Odd:Error', count: 1 },
    ]);
  });

  it('lists every malformed value in one error naming --fault', () => {
    // Act
    const error = (() => {
      try {
        parseFaultFlags(['ProcessFile', 'ProcessFile:Lambda.ServiceException', ':E:1', 'A:E:', 'A:E:0', 'A:E:1.5', 'A:E:2']);
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();

    // Assess
    expect(error?.message).toContain('--fault must be STATE:ERROR:COUNT');
    for (const value of ['"ProcessFile"', '"ProcessFile:Lambda.ServiceException"', '":E:1"', '"A:E:"', '"A:E:0"', '"A:E:1.5"']) {
      expect(error?.message).toContain(value);
    }
    expect(error?.message).not.toContain('"A:E:2"');
  });
});

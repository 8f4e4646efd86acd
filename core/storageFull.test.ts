import { describe, expect, it } from 'vitest';
import { BedsideError } from './errors';
import { isQuotaError, recordBytes, storageFullMessage } from './storageFull';

describe('storage running out', () => {
  it('is recognised from the browser’s QuotaExceededError and from ours after the worker boundary, and from nothing else', () => {
    expect(isQuotaError(new DOMException('', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'QuotaExceeded', message: 'crossed the worker' })).toBe(true);
    expect(isQuotaError(new BedsideError('QuotaExceeded', 'x'))).toBe(true);
    expect(isQuotaError(new BedsideError('OutOfMemory', 'x'))).toBe(false);
    expect(isQuotaError("Uncaught QuotaExceededError: Failed to execute 'write' on 'FileSystemSyncAccessHandle'")).toBe(true);
    expect(isQuotaError(new TypeError("Failed to execute 'add' on 'Cache': Quota exceeded."))).toBe(true);
    expect(isQuotaError(new Error('quotation marks'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('says what was refused and its size, how full storage is, what happened, and what to delete', () => {
    const use = { usageBytes: 9_900_000_000, quotaBytes: 10_000_000_000 };
    expect(storageFullMessage('the result of item 3 of 20 (q3)', 2_345, use, 'The run stopped at that item.')).toBe(
      'Browser storage is full: the result of item 3 of 20 (q3) (2.3 kB) could not be saved. This site uses 9.9 GB of the 10.0 GB the browser allows it (100 MB free). The run stopped at that item. Delete downloaded weights or old benchmark runs you no longer need, then try again.',
    );
    expect(storageFullMessage('your message', null, null)).toBe(
      'Browser storage is full: your message could not be saved. The browser does not say how much room this site has. Delete downloaded weights or old benchmark runs you no longer need, then try again.',
    );
  });

  it('measures a record as the bytes of its JSON', () => {
    expect(recordBytes({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
  });
});

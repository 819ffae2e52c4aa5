import { describe, expect, it } from 'vitest';
import { parseQueueUrl, sweepJobId } from './queue-connection.js';

describe('parseQueueUrl', () => {
  it('reads host, port, database and credentials, with Redis defaults', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6380/2')).toEqual({ host: '127.0.0.1', port: 6380, db: 2 });
    expect(parseQueueUrl('redis://queue.lan')).toEqual({ host: 'queue.lan', port: 6379, db: 0 });
    expect(parseQueueUrl('redis://me:s%40cret@[::1]:7000/')).toEqual({ host: '::1', port: 7000, db: 0, username: 'me', password: 's@cret' });
  });

  it('refuses what is not a Redis URL, saying what it expected', () => {
    expect(() => parseQueueUrl('localhost:6379')).toThrow('--queue must be a Redis URL such as redis://127.0.0.1:6379/0 (scheme redis:), got "localhost:6379"');
    expect(() => parseQueueUrl('http://x')).toThrow('(scheme redis:), got "http://x"');
    expect(() => parseQueueUrl('redis://x/zero')).toThrow('(the database, after the host, is a number), got "redis://x/zero"');
    expect(() => parseQueueUrl('not a url')).toThrow('got "not a url"');
  });

  it('names a job by sweep and run', () => {
    expect(sweepJobId('copy-seeds', 'copy-ntm-lstm-adam-s1')).toBe('copy-seeds__copy-ntm-lstm-adam-s1');
  });
});

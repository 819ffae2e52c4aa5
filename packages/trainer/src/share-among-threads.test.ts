import { describe, expect, it } from 'vitest';
import { shareAmongThreads } from './share-among-threads.js';

describe('shareAmongThreads', () => {
  it('gives item i to thread i mod W, hands the others out first, and returns the results in item order', async () => {
    const calls: string[] = [];
    const results = await shareAmongThreads(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      3,
      (item) => {
        calls.push(`here ${item}`);
        return item.toUpperCase();
      },
      (theirs) => {
        calls.push(`elsewhere ${theirs.join('')}`);
        return Promise.resolve(theirs.map((item) => `${item.toUpperCase()}'`));
      },
    );
    expect(results).toEqual(['A', "B'", "C'", 'D', "E'", "F'", 'G']);
    expect(calls).toEqual(['elsewhere bcef', 'here a', 'here d', 'here g']);
  });

  it('with one thread, does everything here and asks nothing elsewhere', async () => {
    const results = await shareAmongThreads(
      [1, 2, 3],
      1,
      (item) => item * 2,
      () => Promise.reject(new Error('asked elsewhere')),
    );
    expect(results).toEqual([2, 4, 6]);
  });

  it('rejects with the failure elsewhere, and with its own when it fails first (the other never unhandled)', async () => {
    await expect(
      shareAmongThreads(
        [1, 2],
        2,
        (item) => item,
        () => Promise.reject(new Error('worker gone')),
      ),
    ).rejects.toThrow('worker gone');
    await expect(
      shareAmongThreads(
        [1, 2],
        2,
        () => {
          throw new Error('own shard failed');
        },
        () => Promise.reject(new Error('worker gone')),
      ),
    ).rejects.toThrow('own shard failed');
  });
});

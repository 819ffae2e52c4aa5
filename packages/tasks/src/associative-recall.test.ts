import { Random } from '@ntm/random';
import { describe, expect, it } from 'vitest';
import { createAssociativeRecallTask } from './associative-recall.js';
import { episodeOf } from './batch.js';

const BITS = 6;
const ITEM_LENGTH = 3;
const zeros = (count: number) => new Array<number>(count).fill(0);

describe('associative recall task', () => {
  it('has the paper defaults: 6 bits + two delimiters in, 6 bits out, 2..6 items of 3 vectors', () => {
    const task = createAssociativeRecallTask();
    expect(task.config).toEqual({ bits: 6, itemLength: 3, minItems: 2, maxItems: 6 });
    expect(task.inputSize).toBe(8);
    expect(task.outputSize).toBe(6);
    expect(task.maxSteps).toBe((6 + 2) * 4);
  });

  it('puts every delimiter where documented and asks for the item after the query', () => {
    const batch = createAssociativeRecallTask().sample(new Random(6), 500);
    const queryCounts = new Map<string, number>();
    for (let index = 0; index < 500; index++) {
      const { inputs, targets, mask } = episodeOf(batch, index);
      const itemCount = inputs.length / (ITEM_LENGTH + 1) - 2;
      expect(Number.isInteger(itemCount) && itemCount >= 2 && itemCount <= 6).toBe(true);
      const items: number[][][] = [];
      for (let item = 0; item < itemCount; item++) {
        const start = item * (ITEM_LENGTH + 1);
        expect(inputs[start]).toEqual([...zeros(BITS), 1, 0]);
        const vectors = inputs.slice(start + 1, start + 1 + ITEM_LENGTH);
        for (const vector of vectors) expect(vector.slice(BITS)).toEqual([0, 0]);
        items.push(vectors.map((vector) => vector.slice(0, BITS)));
      }
      const queryStart = itemCount * (ITEM_LENGTH + 1);
      expect(inputs[queryStart]).toEqual([...zeros(BITS), 0, 1]);
      expect(inputs[queryStart + ITEM_LENGTH + 1]).toEqual([...zeros(BITS), 0, 1]);
      const query = inputs.slice(queryStart + 1, queryStart + 1 + ITEM_LENGTH);
      for (const vector of query) expect(vector.slice(BITS)).toEqual([0, 0]);
      const queryBits = query.map((vector) => vector.slice(0, BITS));
      const queryIndex = items.findIndex((item) => JSON.stringify(item) === JSON.stringify(queryBits));
      expect(queryIndex).toBeGreaterThanOrEqual(0);
      expect(queryIndex).toBeLessThan(itemCount - 1); // never the last item
      const answerStart = queryStart + ITEM_LENGTH + 2;
      expect(inputs.length).toBe(answerStart + ITEM_LENGTH);
      for (const input of inputs.slice(answerStart)) expect(input).toEqual(zeros(BITS + 2));
      expect(targets.slice(answerStart)).toEqual(items[queryIndex + 1]);
      for (const target of targets.slice(0, answerStart)) expect(target).toEqual(zeros(BITS));
      expect(mask).toEqual([...zeros(answerStart), ...new Array(ITEM_LENGTH).fill(1)]);
      const key = `${itemCount}:${queryIndex}`;
      queryCounts.set(key, (queryCounts.get(key) ?? 0) + 1);
    }
    // Every (item count, query position) pair that can occur does: 1 + 2 + 3 + 4 + 5 of them.
    expect(queryCounts.size).toBe(15);
  });

  it('draws the query position uniformly over the items that have a successor', () => {
    const batch = createAssociativeRecallTask({ minItems: 5, maxItems: 5 }).sample(new Random(10), 4000);
    const positions = new Array<number>(5).fill(0);
    for (let index = 0; index < 4000; index++) {
      const { inputs } = episodeOf(batch, index);
      const queryStart = 5 * (ITEM_LENGTH + 1);
      const query = JSON.stringify(inputs.slice(queryStart + 1, queryStart + 4).map((vector) => vector.slice(0, BITS)));
      const found = [0, 1, 2, 3, 4].find(
        (item) => JSON.stringify(inputs.slice(item * 4 + 1, item * 4 + 4).map((vector) => vector.slice(0, BITS))) === query,
      ) as number;
      positions[found] = (positions[found] as number) + 1;
    }
    expect(positions[4]).toBe(0);
    // 1000 expected per position, standard deviation ≈ 27.
    for (const count of positions.slice(0, 4)) expect(Math.abs(count - 1000)).toBeLessThan(110);
  });

  it('reaches the generalisation sizes (up to 20 items)', () => {
    const batch = createAssociativeRecallTask({ minItems: 20, maxItems: 20 }).sample(new Random(2), 3);
    expect(batch.shape.steps).toBe(22 * 4);
  });

  it('pins the first batch of seed 1', () => {
    const batch = createAssociativeRecallTask({ bits: 2, itemLength: 2, maxItems: 3 }).sample(new Random(1), 2);
    expect({ lengths: Array.from(batch.lengths), inputs: Array.from(batch.inputs), targets: Array.from(batch.targets) }).toMatchSnapshot();
  });

  it('rejects configs where no query is possible or ranges are inverted', () => {
    expect(() => createAssociativeRecallTask({ minItems: 1 })).toThrow(
      'associative-recall.minItems must be >= 2 (the query is an item followed by another), got 1',
    );
    expect(() => createAssociativeRecallTask({ minItems: 0 })).toThrow('associative-recall.minItems must be an integer >= 1, got 0');
    expect(() => createAssociativeRecallTask({ minItems: 7 })).toThrow('associative-recall.minItems must be <= associative-recall.maxItems, got 7 > 6');
    expect(() => createAssociativeRecallTask({ itemLength: 0 })).toThrow('associative-recall.itemLength must be an integer >= 1, got 0');
  });
});

import { describe, expect, it } from 'vitest';
import { cellAt, heatMapSize } from './heat-map.js';

const spec = { rows: 8, columns: 10, cellWidth: 12, cellHeight: 6 };

describe('heat map geometry', () => {
  it('sizes the canvas from the cells', () => {
    expect(heatMapSize(spec)).toEqual({ width: 120, height: 48 });
  });

  it('finds the cell under a point, and nothing outside', () => {
    expect(cellAt(spec, 30, 7)).toEqual({ row: 1, column: 2 });
    expect(cellAt(spec, 0, 0)).toEqual({ row: 0, column: 0 });
    expect(cellAt(spec, 119.9, 47.9)).toEqual({ row: 7, column: 9 });
    expect(cellAt(spec, 120, 10)).toBeNull();
    expect(cellAt(spec, -1, 10)).toBeNull();
    expect(cellAt(spec, 10, 48)).toBeNull();
  });
});

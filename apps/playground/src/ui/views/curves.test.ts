import { describe, expect, it } from 'vitest';
import { drawOrder } from './curves';

describe('which runs a chart draws', () => {
  it('draws every run in order when nothing is hidden or selected', () => {
    expect(drawOrder(3)).toEqual([0, 1, 2]);
  });

  it('leaves out hidden runs and draws the selected run last, on top', () => {
    expect(drawOrder(4, { hidden: new Set([2]), selected: 1 })).toEqual([0, 3, 1]);
    expect(drawOrder(3, { selected: 0 })).toEqual([1, 2, 0]);
  });

  it('does not draw a selected run the user hid, nor one that does not exist', () => {
    expect(drawOrder(3, { hidden: new Set([1]), selected: 1 })).toEqual([0, 2]);
    expect(drawOrder(2, { selected: 5 })).toEqual([0, 1]);
    expect(drawOrder(2, { hidden: new Set([0, 1]) })).toEqual([]);
  });
});

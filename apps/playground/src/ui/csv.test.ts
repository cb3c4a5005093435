import { describe, expect, it } from 'vitest';
import { historyCsv } from './csv';

describe('loss history CSV', () => {
  it('writes a header and one row per run and step, quoting labels with commas', () => {
    const csv = historyCsv([
      { label: 'relu', points: [{ step: 0, trainLoss: 0.7, testLoss: 0.71, trainAccuracy: 0.5, testAccuracy: 0.45 }] },
      { label: 'relu lr 0.3, seed 1', points: [{ step: 10, trainLoss: 0.2, testLoss: 0.25 }] },
    ]);
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('run,step,train_loss,test_loss,train_accuracy,test_accuracy');
    expect(rows[1]).toBe('relu,0,0.7,0.71,0.5,0.45');
    expect(rows[2]).toBe('"relu lr 0.3, seed 1",10,0.2,0.25,,');
    expect(rows).toHaveLength(3);
  });
});

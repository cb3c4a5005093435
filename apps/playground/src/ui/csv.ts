import type { RunHistory } from './views/curves';

const cell = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '' : String(v));

/** The loss history of every run as CSV: one row per run and evaluation step. */
export function historyCsv(runs: readonly RunHistory[]): string {
  const lines = ['run,step,train_loss,test_loss,train_accuracy,test_accuracy'];
  for (const r of runs) {
    const label = /[",\n]/.test(r.label) ? `"${r.label.replace(/"/g, '""')}"` : r.label;
    for (const p of r.points) {
      lines.push([label, p.step, cell(p.trainLoss), cell(p.testLoss), cell(p.trainAccuracy), cell(p.testAccuracy)].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeDigitSource } from '../data/mnist-node';
import type { InitStudy } from '../init-studies/cli';
import { rowMnistStudy, rowMnistStudyDefaults } from './recurrent-mnist-study';
import { addingStudy, addingStudyDefaults } from './recurrent-study';
import { addingChart, addingTable, gradientChart, gradientTable, rowMnistTable } from './recurrent-tables';

const ID = 'irnn-study';

/**
 * `pnpm experiment irnn-study`: IRNN against tanh and ReLU RNNs with a small Gaussian recurrent init on the adding
 * problem (T = 50 and 150), the gradient through time, and row-by-row MNIST. Writes `irnn-study.md`,
 * `irnn-adding.svg` and `irnn-gradient.svg`.
 */
export const recurrentStudies: readonly InitStudy[] = [
  {
    id: ID,
    title: 'IRNN against tanh and ReLU RNNs: the adding problem, the gradient through time, row-by-row MNIST',
    async run(registry, out, progress) {
      const a = addingStudyDefaults;
      const m = rowMnistStudyDefaults;
      const runs = addingStudy(registry, a, (v, T, seed) => progress(`\n  adding T=${T}, ${v}, seed ${seed}`));
      const mnist = await rowMnistStudy(registry, nodeDigitSource, m, (v, seed) => progress(`\n  row MNIST, ${v}, seed ${seed}`));
      progress('\n');
      const lengths = a.lengths.map((l) => `T = ${l.length}: ${l.steps} steps`).join(', ');
      const text = [
        `#### Adding problem\n\n${addingTable(runs, a.solved)}\n\nSeeds ${a.seeds.join(', ')}; ${lengths}; ${a.units} units; Adam 0.001, batch 32, gradient norm clipped to 1; test MSE on ${a.testSamples} sequences every ${a.evalEvery} steps (steps shown per seed; "never" = not within the budget); final MSE mean [min–max].`,
        `#### Gradient through time\n\n${gradientTable(runs)}\n\n‖∂loss/∂h_t‖ over the first ${a.probeRows} test sequences (Frobenius norm of the [rows, units] gradient of the batch-mean loss), at initialisation for five t, and the ratio of the first to the last step at initialisation and after training; mean [min–max] over the seeds.`,
        `#### Row-by-row MNIST\n\n${rowMnistTable(mnist)}\n\nSeeds ${m.seeds.join(', ')}; ${Math.round(m.samples * m.trainFraction)} training and ${m.samples - Math.round(m.samples * m.trainFraction)} test images, 28 steps of 28 pixels; ${m.steps} steps of 32 sequences; ${m.units} units; Adam 0.001, gradient norm clipped to 1.`,
      ].join('\n\n');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `${ID}.md`), `### ${this.title}\n\n${text}\n`);
      writeFileSync(join(out, 'irnn-adding.svg'), addingChart(runs));
      writeFileSync(join(out, 'irnn-gradient.svg'), gradientChart(runs));
      return `${text}\ncharts: ${join(out, 'irnn-adding.svg')}, ${join(out, 'irnn-gradient.svg')}\n`;
    },
  },
];

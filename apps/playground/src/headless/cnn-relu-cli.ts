import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '@rectify/core';
import { cnnReluDefaults, cnnReluTable, runCnnRelu } from '../scenarios/cnn-relu';
import type { ExperimentArgs } from './experiment-args';

/** `pnpm experiment cnn-relu`: the "ReLU in a CNN" study, honouring `--seeds` and `--steps`. */
export const cnnReluStudy = {
  id: 'cnn-relu',
  title: 'ReLU in a CNN: sparse feature maps, dead channels and speed against tanh and sigmoid',
  /** Runs the study, writes `<out>/cnn-relu.md` and returns the Markdown table with its note. */
  run(registry: Registry, args: ExperimentArgs, progress: (text: string) => void): string {
    const options = {
      ...cnnReluDefaults,
      ...(args.seeds ? { seeds: args.seeds } : {}),
      ...(args.steps ? { steps: args.steps } : {}),
      onRun: (a: string, seed: number, i: number, total: number) => progress(`\r  [${i + 1}/${total}] ${a}, seed ${seed}   `),
    };
    const table = cnnReluTable(runCnnRelu(registry, options), options);
    const note = `Bars and stripes (1,200 12×12 images with pixel noise of std 0.5, four classes, 900 for training); conv 8@3×3 pad 1 → max pool 2 → conv 16@3×3 pad 1 → max pool 2 → dense 32 → 4, the activation after every conv and dense layer, He-normal kernels, Adam at 0.003 (0.03 in the last row), batch 32, CPU. Seeds ${options.seeds.join(', ')}; ${options.steps} steps; test accuracy checked every ${options.evalEvery} steps; zeros and dead channels (output exactly 0 at every position of all 256 probe images) after training; mean [min–max].`;
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, `${this.id}.md`), `### ${this.title}\n\n${table}\n\n${note}\n`);
    return `${table}\n\n${note}\n`;
  },
};

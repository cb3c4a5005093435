import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '@rectify/core';
import { bornDeadChart, bornDeadDefaults, bornDeadStudy, bornDeadTable } from './born-dead';
import { initScaleChart, initScaleDefaults, initScaleStudy, initScaleTable } from './init-scale';

/** A study `pnpm experiment <id>` runs besides the training scenarios: forward passes at initialisation only. */
export interface InitStudy {
  readonly id: string;
  readonly title: string;
  /** Runs the study, writes `<out>/<id>.md` and `<out>/<id>.svg` and returns the Markdown table. */
  readonly run: (registry: Registry, out: string, progress: (text: string) => void) => string | Promise<string>;
}

function save(out: string, id: string, title: string, table: string, note: string, svg: string): string {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${id}.md`), `### ${title}\n\n${table}\n\n${note}\n`);
  writeFileSync(join(out, `${id}.svg`), svg);
  return `${table}\n\n${note}\nchart: ${join(out, `${id}.svg`)}\n`;
}

/** The initialisation studies. */
export const initStudies: readonly InitStudy[] = [
  {
    id: 'born-dead-study',
    title: 'Born dead: probability over random initialisations, by width and depth',
    run(registry, out, progress) {
      const o = { ...bornDeadDefaults, onCell: (done: number, total: number) => progress(`\r  cell ${done}/${total}`) };
      const cells = bornDeadStudy(registry, o);
      const note = `Networks 1 → width × depth → 1, zero biases except the asymmetric initialisation's own; born dead when some hidden layer is 0 on all ${o.probePoints} probe points evenly spaced over [−√3, √3]; ${o.trials} initialisations (seeds ${o.seed}–${o.seed + o.trials - 1}) per cell. The He bounds are 1 − (1 − 2^−N²)^(L−1) ≤ P ≤ 1 − (1 − 2^−N)^L.`;
      return save(out, this.id, this.title, bornDeadTable(cells, o), note, bornDeadChart(cells, o));
    },
  },
  {
    id: 'init-scale-study',
    title: 'Activation std per layer at initialisation, 30-layer ReLU MLP',
    run(registry, out) {
      const rows = initScaleStudy(registry);
      const note = `The scenario's circles data, ${initScaleDefaults.probeRows} probe rows; geometric mean over seeds ${initScaleDefaults.seeds.join(', ')}. Factor per layer: (std at layer 30 / std at layer 1)^(1/29).`;
      return save(out, this.id, this.title, initScaleTable(rows), note, initScaleChart(rows));
    },
  },
];

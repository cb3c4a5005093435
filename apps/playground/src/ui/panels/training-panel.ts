import { limits } from '../../state/defaults';
import type { InitializerName, LossChoice, OptimizerName, TrainingSpec } from '../../state/types';
import { INITIALIZER_NAMES, LOSS_CHOICES, OPTIMIZER_NAMES } from '../../state/validate';
import { el, field, numberInput, selectInput } from '../dom';
import type { Store } from '../store';

/** Learning rate, batch size, optimizer, loss, initialisers, L2 and seed. */
export class TrainingPanel {
  readonly root = el('section', { class: 'panel', 'data-testid': 'training-panel' });

  constructor(private readonly store: Store) {
    store.subscribe(() => this.render());
    this.render();
  }

  private set(patch: Partial<TrainingSpec>, kind: 'reset' | 'live' = 'reset'): void {
    const s = this.store.state;
    this.store.set({ ...s, training: { ...s.training, ...patch } }, kind);
  }

  private render(): void {
    const t = this.store.state.training;
    const opts = <T extends string>(xs: readonly T[]) => xs.map((x) => [x, x] as const);
    this.root.replaceChildren(
      el('h2', {}, 'Training'),
      field(
        'Learning rate',
        numberInput(t.learningRate, { min: 1e-6, max: 10, testid: 'learning-rate' }, (v) =>
          this.set({ learningRate: v }, 'live'),
        ),
        'changes apply to the running model',
      ),
      field(
        'Batch size',
        numberInput(t.batchSize, { min: 1, max: limits.maxBatchSize, step: 1, testid: 'batch-size' }, (v) =>
          this.set({ batchSize: v }),
        ),
      ),
      field(
        'Optimizer',
        selectInput(opts(OPTIMIZER_NAMES), t.optimizer, (v) => this.set({ optimizer: v as OptimizerName }), 'optimizer'),
      ),
      field(
        'Loss',
        selectInput(opts(LOSS_CHOICES), t.loss, (v) => this.set({ loss: v as LossChoice }), 'loss'),
      ),
      field(
        'Weights init',
        selectInput(opts(INITIALIZER_NAMES), t.kernelInit, (v) => this.set({ kernelInit: v as InitializerName }), 'kernel-init'),
      ),
      field(
        'Bias init',
        numberInput(t.biasInit, { min: -100, max: 100, step: 0.5, testid: 'bias-init' }, (v) => this.set({ biasInit: v })),
        'every hidden bias starts here; −3 kills ReLU units at birth',
      ),
      field(
        'L2',
        numberInput(t.l2, { min: 0, max: 1, step: 0.0001, testid: 'l2' }, (v) => this.set({ l2: v })),
      ),
      field(
        'Seed',
        numberInput(t.seed, { min: 0, step: 1, testid: 'seed' }, (v) => this.set({ seed: v })),
      ),
    );
  }
}

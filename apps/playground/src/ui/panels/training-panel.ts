import type { InitializerName, LossChoice, OptimizerName, TrainingSpec } from '../../state/types';
import { INITIALIZER_NAMES, LOSS_CHOICES, OPTIMIZER_NAMES } from '../../state/validate';
import { BOUNDS } from '../../state/bounds';
import { boundedInput, el, field, replaceKeepingFocus, selectInput } from '../dom';
import type { Store } from '../store';

/** Learning rate, batch size, optimizer, loss, initialisers, L2, L1 and seed. */
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
    replaceKeepingFocus(
      this.root,
      el('h2', {}, 'Training'),
      field(
        'Learning rate',
        boundedInput(t.learningRate, BOUNDS.learningRate, 'learning-rate', (v) => this.set({ learningRate: v }, 'live')),
        'changes apply to the running model',
      ),
      field(
        'Batch size',
        boundedInput(t.batchSize, BOUNDS.batchSize, 'batch-size', (v) => this.set({ batchSize: v })),
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
        boundedInput(t.biasInit, BOUNDS.biasInit, 'bias-init', (v) => this.set({ biasInit: v })),
        'every hidden bias starts here; −3 kills ReLU units at birth',
      ),
      field(
        'L2',
        boundedInput(t.l2, BOUNDS.l2, 'l2', (v) => this.set({ l2: v })),
        'L2 adds L2 × (sum of squared weights) to the loss, pulling every weight towards 0',
      ),
      field(
        'L1',
        boundedInput(t.l1, BOUNDS.l1, 'l1', (v) => this.set({ l1: v })),
        'L1 adds L1 × (sum of absolute weights) to the loss, driving weights to exactly 0 (sparse weights)',
      ),
      field(
        'Seed',
        boundedInput(t.seed, BOUNDS.seed, 'seed', (v) => this.set({ seed: v })),
      ),
    );
  }
}

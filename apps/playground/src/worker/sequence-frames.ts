import { ADDING_BASELINE, probeRows } from '../data/sequences';
import { probeSequence } from '../engine/sequence-probe';
import type { SequenceTrainer } from '../engine/sequence-trainer';
import type { SequenceFrame } from './sequence-protocol';

/** Test sequences the sequence view probes (dead units and the gradient are over all of them). */
export const SEQUENCE_PROBE_ROWS = 32;
/** Of those, the examples whose hidden states go to the page (the heatmap shows one at a time). */
export const SEQUENCE_EXAMPLES = 8;

/** A frame of the sequence view: losses, and the probe of the model on the first test sequences. */
export function sequenceFrame(trainer: SequenceTrainer, generation: number, playing: boolean, trainLoss: number): SequenceFrame {
  const { x, y } = probeRows(trainer.data, SEQUENCE_PROBE_ROWS);
  const probe = probeSequence(trainer.model, x, y, trainer.data.loss);
  const { loss, accuracy } = trainer.evaluateTest();
  const examples = Math.min(SEQUENCE_EXAMPLES, probe.rows);
  return {
    type: 'frame',
    generation,
    step: trainer.step,
    playing,
    trainLoss,
    testLoss: loss,
    testAccuracy: accuracy,
    baseline: trainer.data.loss === 'mse' ? ADDING_BASELINE : null,
    steps: probe.steps,
    units: probe.units,
    examples,
    states: probe.states.slice(0, examples * probe.steps * probe.units),
    dead: probe.dead,
    gradNorm: Array.from(probe.gradNorm),
    probeRows: probe.rows,
  };
}

// The network the clipping and L1 fixture scripts train in PyTorch:
// Linear(3,5) Tanh Linear(5,5) Tanh Linear(5,2), started from the script's state_dict.
import { tanh } from '../../src/activations';
import { activation, dense } from '../../src/builtin-layers';
import { type Sequential, sequential } from '../../src/model';

/** torch's parameter names → Rectify's paths in that network. */
export const torchNames = {
  '0.weight': 'layers.0.kernel',
  '0.bias': 'layers.0.bias',
  '2.weight': 'layers.2.kernel',
  '2.bias': 'layers.2.bias',
  '4.weight': 'layers.4.kernel',
  '4.bias': 'layers.4.bias',
};

/** The network with the weights of `start` (a torch state_dict as lists). */
export function torchTanhMlp(start: Record<string, unknown>): Sequential {
  const m = sequential({ inputShape: [3], layers: [dense(5), activation(tanh), dense(5), activation(tanh), dense(2)] });
  m.loadTorchStateDict(start as never, { names: torchNames, layout: 'out-in' });
  return m;
}

/** A torch `[out, in]` weight from a state_dict as Rectify's `[in, out]` kernel, flat. */
export function kernelFromTorch(state: Record<string, unknown>, name: string): number[] {
  const w = state[name] as number[][];
  const out: number[] = [];
  for (let i = 0; i < w[0]!.length; i++) for (let o = 0; o < w.length; o++) out.push(w[o]![i]!);
  return out;
}

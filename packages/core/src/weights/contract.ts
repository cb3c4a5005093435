import type { Tensor } from '../tensor';

/** A model's weights by parameter path (`layers.0.kernel`, `layers.2.body.1.slope`), as `getWeights` returns them. */
export type NamedWeights = Readonly<Record<string, Tensor>>;

/** Options of `setWeights`. */
export interface SetWeightsOptions {
  /** Require a value for every parameter of the model (default true); false sets only the paths given. */
  readonly strict?: boolean;
}

/**
 * How a PyTorch `nn.Linear.weight` is laid out in the exported JSON: `out-in` is PyTorch's own `[out, in]` (the
 * usual `state_dict`, transposed on load), `in-out` is already Rectify's `[in, out]`. There is no default: a square
 * matrix fits both and would load silently transposed.
 */
export type LinearLayout = 'out-in' | 'in-out';

/** A PyTorch `state_dict` exported as JSON: parameter name → nested number arrays (`{k: v.tolist()}`). */
export type TorchStateDictJSON = Readonly<Record<string, unknown>>;

/** Options of `model.loadTorchStateDict`. */
export interface FromTorchOptions {
  /** The layout of every 2-D `weight` in the file; required. */
  readonly layout: LinearLayout;
  /** PyTorch name → Rectify path, e.g. `{ '0.weight': 'layers.0.kernel', '0.bias': 'layers.0.bias' }`; every entry is loaded. */
  readonly names: Readonly<Record<string, string>>;
}

/** Equal-width bins over `[min, max]` of the finite values of a layer's output. */
export interface Histogram {
  /** Smallest finite value (NaN when there is none). */
  readonly min: number;
  /** Largest finite value (NaN when there is none). */
  readonly max: number;
  /**
   * Values per bin: bin `k` holds `[min + k·w, min + (k+1)·w)` with `w = (max - min) / bins`; `max` itself goes in
   * the last bin. When `min === max` every value is in bin 0.
   */
  readonly counts: readonly number[];
}

/** What {@link diagnose} reports for one layer (nested layers of a residual block get their own entry). */
export interface LayerDiagnostics {
  /** Layer path: `layers.2`, `layers.3.body.1`. */
  readonly path: string;
  /** The layer plugin type: `dense`, `activation`, `residual`. */
  readonly type: string;
  /** The activation plugin's name, for activation layers. */
  readonly activation?: string;
  /** Shape of the layer's output for the probe batch, `[rows, ...]`. */
  readonly outputShape: readonly number[];
  /**
   * Fraction of units (output elements per row) whose output is exactly 0 for every probe row. Reported for
   * activation layers; 0 for other layers.
   */
  readonly deadFraction: number;
  /** Indices of those dead units (empty for layers other than activations). */
  readonly deadUnits: readonly number[];
  /** Fraction of the output values that are exactly 0 (sparsity). */
  readonly zeroFraction: number;
  /** How many output values are NaN or ±Infinity (left out of the histogram). */
  readonly nonFinite: number;
  /** Mean of the finite output values over the probe batch (every row and unit); NaN when there is none. */
  readonly mean: number;
  /**
   * Population standard deviation of the finite output values over the probe batch (every row and unit), in
   * float64; NaN when there is none. Called on a freshly built model it is the activation scale at initialisation,
   * which shrinks or grows layer after layer when the initialiser's variance does not fit the activation.
   */
  readonly std: number;
  /** Distribution of the finite output values over the probe batch. */
  readonly histogram: Histogram;
  /** L2 norm of each own parameter's gradient (`Param.grad`, the last training step's), by parameter name. */
  readonly gradNorms: Readonly<Record<string, number>>;
  /** L2 norm of each own parameter's value, by parameter name. */
  readonly weightNorms: Readonly<Record<string, number>>;
  /** Current values of the activation's learnable parameters (PReLU slopes), by name. */
  readonly learnable: Readonly<Record<string, readonly number[]>>;
}

/** What {@link diagnose} returns. */
export interface ModelDiagnostics {
  /** Rows in the probe batch. */
  readonly rows: number;
  /** Every layer in model order, depth first (a residual block, then its body layers). */
  readonly layers: readonly LayerDiagnostics[];
}

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  /** Histogram bins. Default 20. */
  readonly bins?: number;
}

/** What {@link bornDeadCheck} returns. */
export interface BornDeadReport {
  /** True when some top-level activation layer outputs exactly 0 for every unit and every probe row. */
  readonly bornDead: boolean;
  /** Path of the first such layer, e.g. `layers.7`; null when there is none. */
  readonly deadLayer: string | null;
  /** Its index in `model.layers`; −1 when there is none. */
  readonly deadLayerIndex: number;
  /** True when every probe row gives the same model output (always, when born dead). */
  readonly outputConstant: boolean;
  /** Largest spread (max − min over the probe rows) of any output unit: 0 when constant, NaN with NaN outputs. */
  readonly outputSpread: number;
}

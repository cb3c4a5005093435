import type { ActivationPlugin, CpuActivationKernels, KernelContext } from '../../../activation/contract';
import { ShapeError, ValidationError } from '../../../errors';
import { type ActivationLayer, type ActivationSettings, activationOf } from '../../../layers/activation-layer';
import { checkBatchInput } from '../../../layers/check-input';
import type { CpuLayerExecutor, CpuLayerRunner, CpuRunnerContext, ElementwiseRunner, RowBuffer } from '../../../layers/contract';
import type { Tensor } from '../../../tensor';
import { RowBlockViews } from '../row-block-views';

/** Target elements per block of the block-wise passes: 16 KiB of float32, well inside L1 with the output. */
const BLOCK_ELEMENTS = 4096;

/** A mutable {@link KernelContext}: the runner updates `length` per call instead of allocating a new context. */
interface MutableKernelContext extends KernelContext {
  length: number;
}

/** An activation layer on the CPU: the plugin's CPU kernels over the whole batch, or row block by row block. */
class ActivationRunner implements CpuLayerRunner, ElementwiseRunner {
  readonly elementwise: ElementwiseRunner = this;
  readonly blockwiseBackward: boolean;
  private readonly label: string;
  private readonly kernels: CpuActivationKernels;
  private readonly ctx: MutableKernelContext;
  private readonly inputShape: readonly number[];
  private readonly out: RowBuffer;
  private readonly dxBuf: RowBuffer;
  private readonly blocks: RowBlockViews;
  private lastX: Tensor | null = null;
  private lastY: Tensor | null = null;
  private xBlocks: readonly Float32Array[] = [];
  private yBlocks: readonly Float32Array[] = [];
  private dyBlocks: readonly Float32Array[] = [];
  private dxBlocks: readonly Float32Array[] = [];

  constructor(layer: ActivationLayer, ctx: CpuRunnerContext) {
    const { plugin, hyper } = activationOf(layer);
    this.label = `activation(${plugin.name})`;
    this.kernels = (plugin as ActivationPlugin).cpu;
    const shape = layer.inputShape;
    const channels = shape[0];
    const inner = shape.slice(1).reduce((a, b) => a * b, 1);
    const params: Record<string, Float32Array> = {};
    const grads: Record<string, Float32Array> = {};
    for (const p of layer.params()) {
      params[p.name] = p.value;
      grads[p.name] = p.grad;
    }
    this.ctx = { length: 0, channels, inner, hyper, params: Object.freeze(params), grads: Object.freeze(grads) };
    // Parameter gradients sum over all rows; per-block sums would round differently.
    this.blockwiseBackward = layer.params().length === 0;
    this.inputShape = shape;
    this.out = ctx.buffer(shape);
    this.dxBuf = ctx.buffer(shape);
    const rowSize = channels * inner;
    this.blocks = new RowBlockViews(rowSize, Math.max(1, Math.floor(BLOCK_ELEMENTS / rowSize)));
  }

  forward(x: Tensor, _training: boolean): Tensor {
    checkBatchInput(this.label, x, this.inputShape);
    const y = this.out.get(x.shape[0]);
    this.ctx.length = x.data.length;
    this.kernels.forward(x.data, y.data, this.ctx);
    this.lastX = x;
    this.lastY = y;
    return y;
  }

  backward(dy: Tensor, _needInputGrad: boolean): Tensor {
    const x = this.checkGradient(dy);
    const dx = this.dxBuf.get(x.shape[0]);
    this.ctx.length = x.data.length;
    this.kernels.backward(x.data, (this.lastY as Tensor).data, dy.data, dx.data, this.ctx);
    return dx;
  }

  /** Throws unless forward ran and `dy` matches its input; returns that input. */
  private checkGradient(dy: Tensor): Tensor {
    const x = this.lastX;
    if (!x || !this.lastY) throw new ValidationError(`${this.label}: backward was called before forward`);
    if (dy.data.length !== x.data.length) {
      throw new ShapeError(
        `${this.label}: gradient of shape [${dy.shape.join(', ')}] does not match the last input [${x.shape.join(', ')}]`,
      );
    }
    return x;
  }

  get blockCount(): number {
    return this.xBlocks.length;
  }

  rowsInBlock(b: number): number {
    return this.xBlocks[b].length / this.blocks.rowSize;
  }

  /** Blocks hold at least ~2048 elements (or the whole batch), so kernels that pick by length choose as in one call. */
  beginForward(x: Tensor, _training: boolean): Tensor {
    checkBatchInput(this.label, x, this.inputShape);
    const rows = x.shape[0];
    const y = this.out.get(rows);
    this.xBlocks = this.blocks.of(x.data, rows);
    this.yBlocks = this.blocks.of(y.data, rows);
    this.lastX = x;
    this.lastY = y;
    return y;
  }

  forwardBlock(b: number): void {
    const x = this.xBlocks[b];
    this.ctx.length = x.length;
    this.kernels.forward(x, this.yBlocks[b], this.ctx);
  }

  beginBackward(dy: Tensor): Tensor {
    const x = this.checkGradient(dy);
    const rows = x.shape[0];
    const dx = this.dxBuf.get(rows);
    // From the recorded tensors, in case a plain forward ran after beginForward.
    this.xBlocks = this.blocks.of(x.data, rows);
    this.yBlocks = this.blocks.of((this.lastY as Tensor).data, rows);
    this.dyBlocks = this.blocks.of(dy.data, rows);
    this.dxBlocks = this.blocks.of(dx.data, rows);
    return dx;
  }

  backwardBlock(b: number): void {
    const x = this.xBlocks[b];
    this.ctx.length = x.length;
    this.kernels.backward(x, this.yBlocks[b], this.dyBlocks[b], this.dxBlocks[b], this.ctx);
  }
}

/** The CPU executor of the built-in `activation` layer. */
export const activationCpu: CpuLayerExecutor<ActivationSettings> = Object.freeze({
  createRunner: (layer: ActivationLayer, ctx: CpuRunnerContext): CpuLayerRunner => new ActivationRunner(layer, ctx),
});

import { ProtoWriter } from './protobuf';

/** One ONNX node. Attributes are floats or ints (the only kinds the benchmark needs). */
export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly floats?: Readonly<Record<string, number>>;
  readonly ints?: Readonly<Record<string, number>>;
}

/** A float32 graph input, output or initializer. `-1` in a shape is a symbolic (batch) dimension. */
export interface OnnxValue {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data?: Float32Array;
}

const FLOAT = 1;

function valueInfo(w: ProtoWriter, v: OnnxValue): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (d < 0 ? dim.string(2, 'batch') : dim.int(1, d)));
      });
    }),
  );
}

/** Encodes an opset-17 ONNX ModelProto (IR version 8) for a float32 graph. */
export function onnxModel(graph: {
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  readonly initializers?: readonly OnnxValue[];
}): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8);
  w.string(2, 'rectify-bench');
  w.message(7, (g) => {
    graph.nodes.forEach((n, i) => {
      g.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const y of n.outputs) node.string(2, y);
        node.string(3, `n${i}`);
        node.string(4, n.op);
        for (const [name, f] of Object.entries(n.floats ?? {})) node.message(5, (a) => a.string(1, name).float(2, f).int(20, 1));
        for (const [name, v] of Object.entries(n.ints ?? {})) node.message(5, (a) => a.string(1, name).int(3, v).int(20, 2));
      });
    });
    g.string(2, 'bench');
    for (const init of graph.initializers ?? []) {
      g.message(5, (t) => {
        for (const d of init.shape) t.int(1, d);
        t.int(2, FLOAT);
        t.string(8, init.name);
        const data = init.data ?? new Float32Array(0);
        t.raw(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      });
    }
    for (const v of graph.inputs) g.message(11, (x) => valueInfo(x, v));
    for (const v of graph.outputs) g.message(12, (x) => valueInfo(x, v));
  });
  w.message(8, (o) => o.string(1, '').int(2, 17));
  return w.finish();
}

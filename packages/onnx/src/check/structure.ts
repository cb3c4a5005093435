import { decodeOnnx } from '../import/decode';
import { DATA_TYPE_BYTES } from '../proto/constants';
import { int64, type ModelProto, type TensorProto, type ValueInfoProto } from '../proto/types';

function tensorProblem(t: TensorProto): string | null {
  const dims = (t.dims ?? []).map(int64);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) return `dims [${dims.join(', ')}] are not non-negative integers`;
  const count = dims.reduce((a, b) => a * b, 1);
  const width = DATA_TYPE_BYTES[t.data_type ?? 0];
  if (width === undefined) return `data_type ${t.data_type ?? 0} is not a fixed-width ONNX type`;
  if (t.raw_data && t.raw_data.length > 0) {
    return t.raw_data.length === count * width
      ? null
      : `raw_data has ${t.raw_data.length} bytes but dims [${dims.join(', ')}] of ${width}-byte elements need ${count * width}`;
  }
  const stored =
    (t.float_data?.length ?? 0) + (t.int32_data?.length ?? 0) + (t.int64_data?.length ?? 0) + (t.double_data?.length ?? 0);
  return stored === count ? null : `holds ${stored} values but dims [${dims.join(', ')}] need ${count}`;
}

function typeProblem(v: ValueInfoProto): string | null {
  const tt = v.type?.tensor_type;
  if (!tt) return 'has no tensor type';
  if (!tt.elem_type) return 'has no element type';
  return null;
}

/**
 * Checks the structural rules of ONNX that matter for a feed-forward model and returns every violation found
 * (an empty array means none): ir_version and a default-domain opset_import are present; every node input is a graph
 * input, an initializer or the output of an earlier node (so nodes are in topological order); every tensor name is
 * produced once; every initializer's dims × element size matches its data; graph inputs and outputs are typed; graph
 * outputs are produced. Bytes are decoded with the default {@link OnnxLimits}.
 */
export function checkOnnxStructure(model: ModelProto | Uint8Array): string[] {
  const m = model instanceof Uint8Array ? decodeOnnx(model) : model;
  const issues: string[] = [];
  if (!(int64(m.ir_version) > 0)) issues.push('ir_version is missing');
  const opsets = m.opset_import ?? [];
  if (!opsets.some((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx'))
    issues.push('opset_import has no default-domain ("") entry');
  for (const o of opsets) if (!(int64(o.version) > 0)) issues.push(`opset_import for domain "${o.domain ?? ''}" has no version`);
  const g = m.graph;
  if (!g) return [...issues, 'the model has no graph'];
  const available = new Set<string>();
  for (const t of g.initializer ?? []) {
    const name = t.name ?? '';
    if (!name) issues.push('an initializer has no name');
    if (available.has(name)) issues.push(`initializer "${name}" is defined twice`);
    available.add(name);
    const problem = tensorProblem(t);
    if (problem) issues.push(`initializer "${name}": ${problem}`);
  }
  for (const v of g.input ?? []) {
    const problem = typeProblem(v);
    if (problem) issues.push(`graph input "${v.name}" ${problem}`);
    available.add(v.name ?? '');
  }
  for (const [i, node] of (g.node ?? []).entries()) {
    const label = `node ${i} (${node.op_type || '?'} "${node.name ?? ''}")`;
    if (!node.op_type) issues.push(`${label} has no op_type`);
    for (const input of node.input ?? []) {
      if (input !== '' && !available.has(input)) {
        issues.push(`${label} reads "${input}", which is not a graph input, an initializer or an earlier node's output`);
      }
    }
    for (const output of node.output ?? []) {
      if (output === '') continue;
      if (available.has(output)) issues.push(`${label} writes "${output}", a name that is already defined`);
      available.add(output);
    }
  }
  if ((g.output ?? []).length === 0) issues.push('the graph has no output');
  for (const v of g.output ?? []) {
    const problem = typeProblem(v);
    if (problem) issues.push(`graph output "${v.name}" ${problem}`);
    if (!available.has(v.name ?? '')) issues.push(`graph output "${v.name}" is not produced by any node`);
  }
  return issues;
}

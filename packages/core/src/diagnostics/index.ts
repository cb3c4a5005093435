export { bornDeadCheck } from './born-dead';
export { diagnose } from './diagnose';
export type { BornDeadReport, DiagnoseOptions, Histogram, LayerDiagnostics, ModelDiagnostics } from './types';

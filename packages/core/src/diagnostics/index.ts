export { diagnose } from './diagnose';
export type { DiagnoseOptions, Histogram, LayerDiagnostics, ModelDiagnostics } from './types';

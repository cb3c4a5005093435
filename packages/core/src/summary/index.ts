export type { ModelSummary, SummaryRow } from './contract';
export { summarize } from './summarize';

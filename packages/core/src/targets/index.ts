export type { Targets } from './contract';
export { resolveTargets } from './class-indices';

export type { OutputHead, PredictHeadOptions } from './contract';
export { resolveHead, toClasses, toProbabilities } from './heads';

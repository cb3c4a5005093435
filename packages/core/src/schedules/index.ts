export type { LearningRateSchedule } from './contract';
export { type CosineWarmupOptions, cosineAnnealingLR, cosineWithWarmup, exponentialLR, stepLR } from './schedules';

export type { Callback, CallbackContext, Monitor, MonitorMode } from './contract';
export { type CheckpointCallback, type CheckpointOptions, modelCheckpoint } from './checkpoint';
export { type EarlyStoppingCallback, type EarlyStoppingOptions, earlyStopping } from './early-stopping';
export { learningRateScheduler, type ReduceLROnPlateauOptions, reduceLROnPlateau, type SchedulerOptions } from './lr-callbacks';
export { type PlateauOptions, PlateauTracker } from './plateau';

export type { Callback, CallbackContext, Monitor, MonitorMode } from './contract';
export { type CheckpointOptions, modelCheckpoint } from './checkpoint';
export { type EarlyStoppingOptions, earlyStopping } from './early-stopping';
export { learningRateScheduler, type ReduceLROnPlateauOptions, reduceLROnPlateau, type SchedulerOptions } from './lr-callbacks';
export { type PlateauOptions, PlateauTracker } from './plateau';
export { type CallbackRun, type HookOptions, startCallbacks } from './run';

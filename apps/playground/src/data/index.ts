export * from './types';
export * from './generate';
export * from './mnist';

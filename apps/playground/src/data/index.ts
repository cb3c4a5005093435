export * from './types';
export * from './generate';
export * from './features';
export * from './mnist';
export * from './images';

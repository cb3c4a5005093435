export * from './cpu';

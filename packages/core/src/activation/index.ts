export * from './contract';
export { defineActivation, isActivationPlugin, toConfigured } from './define';

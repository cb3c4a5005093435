export { gpuIsNaNTest as isNaNTest } from '@rectify/core';

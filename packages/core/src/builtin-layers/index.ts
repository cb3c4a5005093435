export { activation, activationLayerPlugin } from './activation';
export { dense, denseLayerPlugin } from './dense';
export { residual, residualLayerPlugin } from './residual';
export { dropout, dropoutLayerPlugin } from './dropout';

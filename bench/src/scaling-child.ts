// Run by the scaling section under another Node.js (Node 22+, for WebAssembly relaxed SIMD): measures the same
// configurations in this process and prints them as JSON on the last line of stdout.
import { availableParallelism } from 'node:os';
import { loadMnist } from './mnist-data';
import { benchActivations } from './plugins';
import { measureScaling, scalingConfigs } from './sections/scaling-measure';

const relu = (await benchActivations()).find((a) => a.name === 'relu');
if (!relu) throw new Error('scaling-child: no relu activation');
const { train } = loadMnist();
const configs = scalingConfigs(availableParallelism());
console.log(
  JSON.stringify({
    node: process.version,
    rows: measureScaling(relu, train, configs),
    lenet: measureScaling(relu, train, configs, 'lenet'),
  }),
);

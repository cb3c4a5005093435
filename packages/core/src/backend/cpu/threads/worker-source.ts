/**
 * The program each pool worker runs, as source text: workers start from a Blob URL in browsers and from
 * `new Worker(source, { eval: true })` in Node, so the package needs no separate worker file that bundlers would have
 * to find. It only calls kernel exports on the shared memory with integer arguments; nothing from data is executed.
 *
 * Messages: `{ init: { control, memory, index, layout } }` first, then `{ module, names, epoch }` per kernel module.
 * The worker claims chunks of the current job with a compare-and-swap on the claim word (so a late worker never runs
 * a chunk of a finished job), runs them, counts them done, and sleeps in Atomics.wait after a short spin.
 */
export const WORKER_SOURCE = `'use strict';
const port = typeof require === 'function' ? require('node:worker_threads').parentPort : self;
let ctrl, memory, index, L, mask;
const fns = [];
const SPIN = 40000;
function loop() {
  const epoch = Atomics.load(ctrl, L.EPOCH);
  const nArgs = L.ARGS_PER_CHUNK;
  for (;;) {
    if (Atomics.load(ctrl, L.EPOCH) !== epoch) return;
    const w = Atomics.load(ctrl, L.CLAIM);
    const i = w & mask;
    const fn = fns[Atomics.load(ctrl, L.FN)];
    if (i < Atomics.load(ctrl, L.CHUNKS) && index < Atomics.load(ctrl, L.WORKERS) && fn !== undefined) {
      if (Atomics.compareExchange(ctrl, L.CLAIM, w, w + 1) !== w) continue;
      const b = L.ARGS + i * nArgs;
      try {
        fn(ctrl[b], ctrl[b + 1], ctrl[b + 2], ctrl[b + 3], ctrl[b + 4], ctrl[b + 5], ctrl[b + 6], ctrl[b + 7], ctrl[b + 8], ctrl[b + 9], ctrl[b + 10], ctrl[b + 11], ctrl[b + 12], ctrl[b + 13], ctrl[b + 14], ctrl[b + 15]);
      } catch (e) {
        Atomics.store(ctrl, L.FAILED, 1);
        console.error('rectify thread pool worker:', e);
      }
      Atomics.add(ctrl, L.WORKER_CHUNKS, 1);
      Atomics.add(ctrl, L.DONE, 1);
      Atomics.notify(ctrl, L.DONE);
      continue;
    }
    let spun = 0;
    while (spun < SPIN && Atomics.load(ctrl, L.CLAIM) === w && Atomics.load(ctrl, L.EPOCH) === epoch) spun++;
    if (spun < SPIN) continue;
    Atomics.add(ctrl, L.SLEEPERS, 1);
    Atomics.wait(ctrl, L.CLAIM, w, 1000);
    Atomics.sub(ctrl, L.SLEEPERS, 1);
  }
}
function onMessage(m) {
  if (m.init) {
    ctrl = new Int32Array(m.init.control);
    memory = m.init.memory;
    index = m.init.index;
    L = m.init.layout;
    mask = (1 << L.CHUNK_BITS) - 1;
    return;
  }
  const ex = new WebAssembly.Instance(m.module, { env: { memory } }).exports;
  for (const name of m.names) fns.push(ex[name]);
  if (m.first) Atomics.add(ctrl, L.READY, 1);
  if (m.epoch === Atomics.load(ctrl, L.EPOCH)) loop();
}
if (typeof port.on === 'function') port.on('message', onMessage);
else port.onmessage = (e) => onMessage(e.data);
`;

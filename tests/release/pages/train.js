// Trains XOR with each activation plugin through the script-tag globals (Rectify, RectifyRelu, …) and leaves the
// results in globalThis.__rectifyResult. The same file runs in Chromium pages (script-tag.html, the strict-CSP pages)
// and in Node (browser.test.ts), so their results can be compared.
/* global Rectify, RectifyRelu, RectifyLeakyRelu, RectifyPrelu, RectifyElu */
(async () => {
  const { activation, adam, dense, kernelInfo, sequential, tensor } = Rectify;
  const x = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const y = tensor([[0], [1], [1], [0]]);
  const plugins = {
    relu: RectifyRelu.relu,
    leakyRelu: RectifyLeakyRelu.leakyRelu,
    prelu: RectifyPrelu.prelu,
    elu: RectifyElu.elu,
  };
  const results = {};
  for (const [name, plugin] of Object.entries(plugins)) {
    // 96 hidden units: wide enough that the matrix products take the WebAssembly path when it is available.
    const model = sequential({
      inputShape: [2],
      seed: 42,
      layers: [dense(96), activation(plugin), dense(48), activation(plugin), dense(1)],
    });
    model.compile({ loss: 'bce-with-logits', optimizer: adam({ learningRate: 0.02 }) });
    const history = await model.fit(x, y, { epochs: 150, batchSize: 4 });
    results[name] = {
      loss: history.epochs[history.epochs.length - 1].loss,
      accuracy: model.evaluate(x, y).accuracy,
      weights: model.paramRefs().map((r) => Array.from(r.param.value)),
    };
  }
  globalThis.__rectifyResult = { kernelInfo: kernelInfo(), results };
})().catch((e) => {
  globalThis.__rectifyResult = { error: String(e?.stack ?? e) };
});

import { createRequire } from 'node:module';
const r = createRequire(import.meta.url);
const esbuild = createRequire(r.resolve('tsup'))('esbuild');
for (const [name, code] of [
  ['relu', "import { relu } from '@rectify/relu'; console.log(relu);"],
  [
    'xor',
    "import { sequential, dense, activation, adam, heNormal, tensor } from '@rectify/core'; import { relu } from '@rectify/relu'; const m = sequential({inputShape:[2],layers:[dense(16,{kernelInitializer: heNormal()}),activation(relu),dense(1)]}); m.compile({loss:'bce-with-logits', optimizer: adam()}); m.fit(tensor([[0,0]]), tensor([[0]]), {epochs:1}).then(console.log);",
  ],
]) {
  const out = await esbuild.build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    alias: process.env.SRC
      ? { '@rectify/core': '../../packages/core/src/index.ts', '@rectify/relu': '../../packages/relu/src/index.ts' }
      : {},
    metafile: true,
    outfile: 'out.js',
  });
  console.log(name, out.outputFiles[0].contents.length);
  const inputs = Object.entries(out.metafile.outputs[Object.keys(out.metafile.outputs)[0]].inputs)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, 25);
  console.log(inputs.map(([k, v]) => `${k.replace(/.*packages\//, '')} ${v.bytesInOutput}`).join('\n'));
}

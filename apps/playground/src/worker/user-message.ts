import { ModelFormatError, RectifyError } from '@rectify/core';

/** Rewrites of messages that speak to programmers (API names, protobuf terms) into what a page user can act on. */
const REWRITES: readonly { readonly test: RegExp; readonly say: (m: string) => string }[] = [
  {
    test: /is not valid JSON .*serializeModel\(\) wrote/,
    say: () => 'this file is not a model file (it is not valid JSON); pick a file saved with "Export model"',
  },
  {
    test: /not a usable ONNX model: (the file ends inside|a field declares \d+ bytes but only)/,
    say: () => 'this ONNX file is cut short (incomplete download or copy?); export or download it again',
  },
  {
    test: /not a usable ONNX model: (wire type|field number 0|a field runs past|a number is longer)/,
    say: () => 'this is not a readable ONNX file: it is damaged or another kind of file; export it again',
  },
  {
    test: /is synchronous but webgpu kernels answer with Promises/,
    say: () => 'the WebGPU device could not run this step; pick another gpu.js mode or the CPU',
  },
];

/**
 * The message a page user sees for an error from the worker: the RectifyError's message (it names the problem and
 * the fix), with programmer wording rewritten; other errors without their class name.
 */
export function userMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const known = e instanceof RectifyError || e instanceof ModelFormatError;
  for (const r of REWRITES) if (r.test.test(raw)) return r.say(raw);
  return known || !(e instanceof Error) ? raw : `something went wrong: ${raw}`;
}

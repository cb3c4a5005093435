import { ShapeError, Tensor } from '@rectify/core';

/** Pixels per side of an MNIST digit. */
export const MNIST_SIDE = 28;

/**
 * Row-by-row MNIST: flattened square images `[N, side·side]` (as the `mnist` package and the playground load them)
 * seen as sequences of `side` steps of `side` pixels, `[N, side, side]`, row 0 first. Shares the data (no copy).
 * @throws ShapeError when the images are not `[N, side·side]`.
 */
export function rowsAsSequence(images: Tensor, side = MNIST_SIDE): Tensor {
  const s = images.shape;
  if (s.length !== 2 || s[1] !== side * side) {
    throw new ShapeError(
      `rowsAsSequence: images have shape [${s.join(', ')}] but [N, ${side * side}] (flattened ${side}x${side} images) is needed`,
    );
  }
  return new Tensor(images.data, [s[0], side, side]);
}

export { type AddingProblemData, type AddingProblemOptions, addingProblem } from './adding-problem';
export { MNIST_SIDE, rowsAsSequence } from './row-mnist';

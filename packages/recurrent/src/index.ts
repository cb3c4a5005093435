/**
 * @packageDocumentation
 * Recurrent layers for Rectify: `simpleRNN` (Elman) over any activation plugin without learnable parameters,
 * identity and orthogonal initialisers for the recurrent matrix, and sequence data (the adding problem, row-by-row
 * MNIST).
 */
export * from './simple-rnn';
export * from './initializers';
export * from './data';

/**
 * @packageDocumentation
 * Node-only parts of Rectify core (they import `node:fs`): `fileStore`, an atomic model file.
 */
export { fileStore } from './io/file-store';

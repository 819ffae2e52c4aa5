export { Random } from './random.js';
export type { RandomState } from './random.js';

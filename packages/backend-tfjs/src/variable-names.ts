import * as tf from '@tensorflow/tfjs-core';

let nextNumber = 0;

/**
 * A variable name no live tfjs variable has: the requested name with `#n` appended.
 * Why: tfjs keeps one registry of variable names per process and refuses duplicates, while
 * two models (or two tests) may well ask for the same path.
 *
 * @example uniqueVariableName('controller/lstm0/kernel') // 'controller/lstm0/kernel#0'
 */
export function uniqueVariableName(requested = 'variable'): string {
  const registered = tf.engine().registeredVariables;
  let candidate: string;
  do candidate = `${requested}#${nextNumber++}`;
  while (registered[candidate] !== undefined);
  return candidate;
}

/**
 * The Node side of `@ntm/trainer`: data-parallel gradient workers on `worker_threads`, kept out
 * of the main entry so browsers never see `node:worker_threads`. Import from `@ntm/trainer/node`.
 */
export { NodeGradientWorkers, nodeGradientWorkers } from './node/node-gradient-workers.js';
export type { NodeGradientWorkersOptions } from './node/node-gradient-workers.js';
export { isGradientWorkerThread, serveGradientWorker } from './node/serve-gradient-worker.js';
export type { ServeGradientWorkerOptions } from './node/serve-gradient-worker.js';

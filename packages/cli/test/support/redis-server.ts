/**
 * A real Redis for the queue tests: Debian's `redis-server` (the test command installs it
 * when missing: `scripts/ensure-redis.sh`), started on a free loopback port with nothing
 * saved to disk, and shut down after the tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A running Redis: its URL for `--queue`, and how to stop it. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free port of 127.0.0.1 and waits until it answers PING.
 * @example const redis = await startTestRedis(); … await redis.stop();
 */
export async function startTestRedis(): Promise<TestRedis> {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error('redis-server is not installed: run `bash packages/cli/scripts/ensure-redis.sh` (pnpm test does it first)');
  }
  const port = await freePort();
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout?.trim() === 'PONG') break;
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

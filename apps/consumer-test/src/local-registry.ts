import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

/** A Verdaccio registry running in this process on a loopback port. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/`, with the trailing slash npm and pnpm write in `.npmrc`. */
  readonly url: string;
  /** A token of a user made for this run, accepted for publishing `@ntm/*`. */
  readonly token: string;
  /** The `.npmrc` line that hands {@link token} to npm and pnpm for this registry only. */
  readonly authLine: string;
  /** Stops the server and drops every open connection (npm keeps sockets alive). */
  stop(): Promise<void>;
}

/**
 * The registry's config: storage in `folder`, publishing `@ntm/*` for signed-in users only (so
 * the release flow must authenticate as it does on npm), anyone may read. No uplink: this
 * registry serves only what the test publishes, and the consumer project asks it for `@ntm/*`
 * alone (every other package comes from the user's registry), so nothing here needs the network.
 */
function registryConfig(folder: string): string {
  return [
    `storage: ${JSON.stringify(join(folder, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(folder, 'htpasswd'))}`,
    // bcrypt's cheapest cost: a throwaway user, and every authenticated request verifies it.
    '    rounds: 4',
    'web:',
    '  enable: false',
    // The CLI's tarball carries tfjs's .wasm binaries; npm's publish body is base64 JSON.
    'max_body_size: 200mb',
    'packages:',
    "  '@ntm/*':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    // Errors only: Verdaccio warns that Node 22 is recommended (6.8 supports Node 20).
    'log: { type: stdout, format: pretty, level: error }',
    '',
  ].join('\n');
}

/** Creates a user through the registry's CouchDB-style login endpoint, as `npm adduser` does. */
async function createUser(url: string): Promise<string> {
  const name = 'ntm-release';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `consumer-test-${process.pid}` }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(`expected Verdaccio at ${url} to create user ${name} and return a token, got ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.token;
}

/**
 * Starts Verdaccio in this process with its config and storage in `folder`, on a free loopback
 * port, and signs up a user for publishing. In-process rather than a child, so that the server
 * cannot outlive the test run, whatever happens to it.
 *
 * @example
 * const registry = await startLocalRegistry(join(temporary, 'registry'));
 * try { await publish(registry.url, registry.authLine); } finally { await registry.stop(); }
 */
export async function startLocalRegistry(folder: string): Promise<LocalRegistry> {
  mkdirSync(folder, { recursive: true });
  const configFile = join(folder, 'config.yaml');
  writeFileSync(configFile, registryConfig(folder));
  const server: Server = await runServer(configFile);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/`;
    const token = await createUser(url);
    return { url, token, authLine: `//127.0.0.1:${port}/:_authToken=${token}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

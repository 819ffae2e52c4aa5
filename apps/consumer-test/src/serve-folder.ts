import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** A static file server on 127.0.0.1; `close` stops it. */
export interface FolderServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves one folder over HTTP on a free port, as a page's host would: browsers load ES modules
 * and WASM (with streaming compilation, `application/wasm`) only over HTTP, not from files.
 *
 * @example const server = await serveFolder(bundleFolder); await page.goto(`${server.url}index.html`);
 */
export async function serveFolder(folder: string): Promise<FolderServer> {
  const server: Server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(folder, path === '/' ? 'index.html' : path));
      response.writeHead(200, { 'content-type': contentTypes[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`serveFolder: the server gave no port (${String(address)})`);
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

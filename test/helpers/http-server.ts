import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Start an HTTP server on 127.0.0.1 with an ephemeral port. */
export async function startHttpServer(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serve the files of a folder as feeds, byte for byte, with a feed content type and no charset. */
export function startFeedServer(folder: string): Promise<TestServer> {
  return startHttpServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
    const file = path.join(folder, path.basename(name));
    if (!name || !fs.existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    const type = file.endsWith('.json') ? 'application/feed+json' : 'application/rss+xml';
    response.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../config/index.js';

export interface Listening {
  server: Server;
  /** `http://host:port` as bound (the real port when PORT=0). */
  url: string;
}

/** Serves `fetch` on HOST:PORT; a port in use or an address this machine lacks is one clear error. */
export async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  config: Pick<Config, 'host' | 'port'>,
): Promise<Listening> {
  const server = serve({ fetch, hostname: config.host, port: config.port, createServer }) as Server;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      server.off('listening', listening);
      reject(
        new Error(
          `cannot listen on ${config.host}:${config.port} (${error.code ?? error.message}): set HOST or PORT`,
        ),
      );
    };
    const listening = () => {
      server.off('error', failed);
      resolve();
    };
    server.once('error', failed);
    server.once('listening', listening);
  });
  const { address, port } = server.address() as AddressInfo;
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${port}` };
}

import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on loopback in front of a real server (PostgreSQL in the outage tests): `stop()`
 * is the server going away for everyone using it (open connections reset, new ones refused),
 * `start()` on the same port is it coming back. The shared PostgreSQL itself is never touched.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    readonly host = '127.0.0.1',
  ) {}

  /** Rewrites a URL's host and port to this relay's, keeping user, database and query. */
  url(original: string): string {
    const url = new URL(original);
    url.hostname = this.host;
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<this> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(this.port, this.host);
    await once(server, 'listening');
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Resets every open connection and stops listening: connecting is refused until `start()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

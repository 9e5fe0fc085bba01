import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { listen, type Listening } from './listen.js';

const hello = () => new Response('hello');

describe('listen', () => {
  const open: Listening[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });

  it('binds loopback only with the development defaults', async () => {
    const served = await listen(hello, loadConfig({ NODE_ENV: 'development', PORT: '0' }));
    open.push(served);
    expect(served.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(served.url)).text()).toBe('hello');
  });

  it('binds the address HOST names', async () => {
    const everywhere = await listen(hello, { host: '0.0.0.0', port: 0 });
    open.push(everywhere);
    expect(everywhere.server.address()).toMatchObject({ address: '0.0.0.0' });
  });

  it('a port already taken is one line naming HOST and PORT', async () => {
    const first = await listen(hello, { host: '127.0.0.1', port: 0 });
    open.push(first);
    const port = Number(new URL(first.url).port);
    await expect(listen(hello, { host: '127.0.0.1', port })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port} (EADDRINUSE): set HOST or PORT`,
    );
  });
});

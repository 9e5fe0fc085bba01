import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import type { AppEnv } from '../env.js';
import { requestLogger } from './request-logger.js';

/** An app that logs every request into `lines`, as the real one logs to stdout. */
function loggedApp() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ log: { level: 'info', pretty: false } } as never, {
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  const app = new Hono<AppEnv>();
  app.use(requestLogger({ logger }));
  app.get('/files/:token/:name?', (c) => c.text('file'));
  app.get('/health', (c) => c.text('ok'));
  app.post('/webhooks/mpesa/:secret/:part?', (c) => c.json({ ResultCode: 0, ResultDesc: 'Accepted' }));
  return { app, lines };
}

describe('request log', () => {
  it("never writes a file's token, the only key to a learner's export", async () => {
    const { app, lines } = loggedApp();
    const token = 'k3Q9x_Jm2Lw8VbT0aZ-5yRfE1uHnC7pD4sGqIo6MtXe';
    await app.request(`/files/${token}/learnloop-export-2026-03-03.pdf`);
    await app.request(`/files/${token}`);
    await app.request('/health');
    expect(lines.map((l) => l.path)).toEqual([
      '/files/[redacted]/learnloop-export-2026-03-03.pdf',
      '/files/[redacted]',
      '/health',
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("never writes the M-PESA callback's secret path segment, its only guard", async () => {
    const { app, lines } = loggedApp();
    const secret = '4f1c9a0e7b2d6c8e1a3f5b7d';
    await app.request(`/webhooks/mpesa/${secret}`, { method: 'POST' });
    await app.request(`/webhooks/mpesa/${secret}/reversal`, { method: 'POST' });
    expect(lines.map((l) => l.path)).toEqual([
      '/webhooks/mpesa/[redacted]',
      '/webhooks/mpesa/[redacted]/reversal',
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../engine/ports.js';
import { checkMedia } from './media.js';

const MB = 1024 * 1024;

interface ServedFile {
  type?: string;
  size: number;
  /** How the server treats HEAD: answers, refuses (405), or answers without a length. */
  head?: 'ok' | 'refused' | 'no-length';
  /** Whether the server honours Range (206) or sends the whole file (200). */
  ranges?: boolean;
  status?: number;
}

const files: Record<string, ServedFile> = {
  '/leaf.jpg': { type: 'image/jpeg', size: 180_000 },
  '/leaf.png': { type: 'image/png; charset=binary', size: 5 * MB },
  '/huge.png': { type: 'image/png', size: 5 * MB + 1 },
  '/leaf.gif': { type: 'image/gif', size: 20_000 },
  '/untyped': { size: 1000 },
  '/signed.jpg': { type: 'image/jpeg', size: 6 * MB, head: 'refused' },
  '/signed-small.jpg': { type: 'image/jpeg', size: 3000, head: 'refused', ranges: false },
  '/chunked.mp4': { type: 'video/mp4', size: 17 * MB, head: 'no-length' },
  '/voice.ogg': { type: 'audio/ogg; codecs=opus', size: 2 * MB },
  '/clip.mov': { type: 'video/quicktime', size: 2 * MB },
  '/report.pdf': { type: 'application/pdf', size: 40 * MB },
  '/export.csv': { type: 'text/csv', size: 10_000 },
  '/gone.jpg': { type: 'image/jpeg', size: 10, status: 404 },
  '/broken.jpg': { type: 'image/jpeg', size: 10, status: 503 },
};

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    requests.push(`${req.method} ${req.url}${req.headers.range ? ` ${req.headers.range}` : ''}`);
    if (!file) return void res.writeHead(404).end();
    if (file.status) return void res.writeHead(file.status).end();
    const headers: Record<string, string | number> = file.type ? { 'Content-Type': file.type } : {};
    if (req.method === 'HEAD') {
      if (file.head === 'refused') return void res.writeHead(405).end();
      if (file.head !== 'no-length') headers['Content-Length'] = file.size;
      return void res.writeHead(200, headers).end();
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range && file.ranges !== false) {
      const [from, to] = [Number(range[1]), Math.min(Number(range[2]), file.size - 1)];
      headers['Content-Range'] = `bytes ${from}-${to}/${file.size}`;
      headers['Content-Length'] = to - from + 1;
      return void res.writeHead(206, headers).end(Buffer.alloc(to - from + 1));
    }
    headers['Content-Length'] = file.size;
    res.writeHead(200, headers).end(Buffer.alloc(file.size));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function refusal(promise: Promise<void>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe('checkMedia', () => {
  it('accepts media of the right type within the limit', async () => {
    await checkMedia({ type: 'image', url: `${base}/leaf.jpg` }, 'twilio');
    await checkMedia({ type: 'image', url: `${base}/leaf.png` }, 'meta'); // exactly 5 MB
    await checkMedia({ type: 'audio', url: `${base}/voice.ogg` }, 'twilio');
    await checkMedia({ type: 'document', url: `${base}/export.csv` }, 'twilio');
    await checkMedia({ type: 'document', url: `${base}/report.pdf` }, 'meta');
  });

  it('refuses an image over 5 MB, naming the file, the size and the limit', async () => {
    const error = await refusal(checkMedia({ type: 'image', url: `${base}/huge.png` }, 'twilio'));
    expect(error.retry).toBe(false);
    expect(error.message).toContain(`${base}/huge.png`);
    expect(error.message).toMatch(
      /is 5 MB; WhatsApp through Twilio accepts images of at most 5 MB: compress/,
    );
  });

  it('refuses a type WhatsApp does not take for the declared kind', async () => {
    const gif = await refusal(checkMedia({ type: 'image', url: `${base}/leaf.gif` }, 'meta'));
    expect(gif.message).toContain('is served as "image/gif"');
    expect(gif.message).toContain('image/jpeg, image/png');
    const mov = await refusal(checkMedia({ type: 'video', url: `${base}/clip.mov` }, 'twilio'));
    expect(mov.message).toContain('"video/quicktime"');
    const declaredWrong = await refusal(checkMedia({ type: 'audio', url: `${base}/leaf.jpg` }, 'twilio'));
    expect(declaredWrong.message).toContain('send it as the right media type');
    const untyped = await refusal(checkMedia({ type: 'document', url: `${base}/untyped` }, 'meta'));
    expect(untyped.message).toContain('no Content-Type');
  });

  it('holds documents to 16 MB on Twilio and 100 MB on Meta', async () => {
    const error = await refusal(checkMedia({ type: 'document', url: `${base}/report.pdf` }, 'twilio'));
    expect(error.message).toContain('is 40 MB');
    expect(error.message).toContain('at most 16 MB');
  });

  it('falls back to a one-byte ranged GET when HEAD is refused', async () => {
    requests.length = 0;
    const error = await refusal(checkMedia({ type: 'image', url: `${base}/signed.jpg` }, 'meta'));
    expect(error.message).toContain('is 6 MB');
    expect(requests).toEqual(['HEAD /signed.jpg', 'GET /signed.jpg bytes=0-0']);
    // A server that ignores Range answers 200 with the whole length.
    await checkMedia({ type: 'image', url: `${base}/signed-small.jpg` }, 'meta');
  });

  it('asks with a ranged GET when HEAD gives no length', async () => {
    const error = await refusal(checkMedia({ type: 'video', url: `${base}/chunked.mp4` }, 'twilio'));
    expect(error.message).toContain('is 17 MB');
  });

  it('says when the file cannot be fetched, retrying only when the server is failing', async () => {
    const missing = await refusal(checkMedia({ type: 'image', url: `${base}/gone.jpg` }, 'twilio'));
    expect(missing.message).toContain('could not be checked (HTTP 404)');
    expect(missing.retry).toBe(false);
    const failing = await refusal(checkMedia({ type: 'image', url: `${base}/broken.jpg` }, 'twilio'));
    expect(failing.retry).toBe(true);
    const closed = await refusal(checkMedia({ type: 'image', url: 'http://127.0.0.1:1/x.jpg' }, 'twilio'));
    expect(closed.retry).toBe(true);
    expect(closed.message).toContain('make sure the URL is public');
  });
});

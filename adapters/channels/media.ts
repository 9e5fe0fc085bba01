import { ChannelError, type OutboundMessage } from '../../engine/ports.js';

export type MediaType = NonNullable<OutboundMessage['media']>['type'];
export type MediaChannel = 'twilio' | 'meta';

const MB = 1024 * 1024;

/** What WhatsApp takes for each kind of media (DESIGN.md, "Facts"); sizes in bytes per channel. */
export const MEDIA_RULES: Record<MediaType, { types: string[]; maxBytes: Record<MediaChannel, number> }> = {
  image: { types: ['image/jpeg', 'image/png'], maxBytes: { twilio: 5 * MB, meta: 5 * MB } },
  audio: { types: ['audio/*'], maxBytes: { twilio: 16 * MB, meta: 16 * MB } },
  video: { types: ['video/mp4', 'video/3gpp'], maxBytes: { twilio: 16 * MB, meta: 16 * MB } },
  document: {
    types: [
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'text/plain',
      'text/csv',
    ],
    maxBytes: { twilio: 16 * MB, meta: 100 * MB },
  },
};

const CHANNEL_NAME: Record<MediaChannel, string> = {
  twilio: 'WhatsApp through Twilio',
  meta: 'WhatsApp Cloud API',
};
const TIMEOUT_MS = 10_000;
const PLURAL: Record<MediaType, string> = {
  image: 'images',
  audio: 'audio',
  video: 'video',
  document: 'documents',
};

const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`;

function accepts(patterns: string[], contentType: string): boolean {
  return patterns.some((p) =>
    p.endsWith('/*') ? contentType.startsWith(p.slice(0, -1)) : p === contentType,
  );
}

interface Probe {
  status: number;
  contentType: string | null;
  size: number | null;
}

async function probe(url: string, method: 'HEAD' | 'GET', fetchImpl: typeof fetch): Promise<Probe> {
  const response = await fetchImpl(url, {
    method,
    redirect: 'follow',
    headers: method === 'GET' ? { Range: 'bytes=0-0' } : {},
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  // A ranged GET tells the whole size in Content-Range; a server that ignores Range sends it all.
  const total = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1];
  const length = response.headers.get('content-length');
  await response.body?.cancel();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    size:
      total !== undefined
        ? Number(total)
        : length !== null && response.status !== 206
          ? Number(length)
          : null,
  };
}

const ok = (found: Probe | null) => found !== null && found.status >= 200 && found.status < 300;

/**
 * Checks that WhatsApp will take this media before it is sent: asks the server for its type and
 * size (HEAD, or a one-byte ranged GET where HEAD is refused) and compares them with the channel's
 * limits. Throws ChannelError saying what is wrong and how to fix it; retry only when the server
 * was unreachable or failing, never for a wrong type or size.
 */
export async function checkMedia(
  media: { type: MediaType; url: string },
  channel: MediaChannel,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const rules = MEDIA_RULES[media.type];
  const what = `The ${media.type} at ${media.url}`;
  const unreachable = (reason: string, retry: boolean) =>
    new ChannelError(
      `${what} could not be checked (${reason}): make sure the URL is public and serves the file itself`,
      retry,
    );

  const head = await probe(media.url, 'HEAD', fetchImpl).catch(() => null);
  let found: Probe;
  if (head && ok(head) && head.size !== null) found = head;
  else {
    try {
      const ranged = await probe(media.url, 'GET', fetchImpl);
      found = ok(ranged) || !head || !ok(head) ? ranged : head;
    } catch (error) {
      if (!head || !ok(head)) throw unreachable((error as Error).message, true);
      found = head;
    }
  }
  if (!ok(found)) throw unreachable(`HTTP ${found.status}`, found.status >= 500 || found.status === 429);

  const contentType = found.contentType?.split(';')[0]!.trim().toLowerCase() ?? '';
  if (!accepts(rules.types, contentType)) {
    throw new ChannelError(
      `${what} is served as ${contentType ? `"${contentType}"` : 'no Content-Type'}; ${CHANNEL_NAME[channel]} ` +
        `accepts ${PLURAL[media.type]} as ${rules.types.join(', ')}: convert the file, fix the server's ` +
        `Content-Type, or send it as the right media type`,
      false,
    );
  }
  const max = rules.maxBytes[channel];
  if (found.size !== null && found.size > max) {
    throw new ChannelError(
      `${what} is ${megabytes(found.size)}; ${CHANNEL_NAME[channel]} accepts ${PLURAL[media.type]} of at most ` +
        `${megabytes(max)}: compress or shorten it, or send a link to it in the text instead`,
      false,
    );
  }
}

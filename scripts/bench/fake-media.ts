/*
 * How the fake providers fetch a media URL after accepting a send, as Twilio and Meta do: the
 * request is accepted at once, the file downloaded afterwards, and a file of a type or size
 * WhatsApp does not take fails the message with a status callback. Types and limits from Twilio's
 * "Guidance on WhatsApp Media Messages" and Meta's "Supported media types" (documents: no JSON,
 * no CSV on either; Twilio's documents are PDF and Office files only).
 */
export type ProviderMediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

const MB = 1024 * 1024;
const OFFICE = [
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

export interface MediaRule {
  types: string[];
  maxBytes: number;
}

export const TWILIO_MEDIA: Record<string, MediaRule> = {
  image: { types: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5 * MB },
  audio: { types: ['audio/ogg', 'audio/amr', 'audio/3gpp', 'audio/aac', 'audio/mpeg'], maxBytes: 16 * MB },
  video: { types: ['video/mp4'], maxBytes: 16 * MB },
  document: { types: ['application/pdf', ...OFFICE], maxBytes: 16 * MB },
};

export const META_MEDIA: Record<ProviderMediaType, MediaRule> = {
  image: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  audio: { types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
  video: { types: ['video/3gpp', 'video/mp4'], maxBytes: 16 * MB },
  document: { types: ['text/plain', 'application/pdf', ...OFFICE], maxBytes: 100 * MB },
  sticker: { types: ['image/webp'], maxBytes: 500 * 1024 },
};

/** A media file as the provider downloaded it, and why it refused it (if it did). */
export interface FetchedMedia {
  url: string;
  status: number;
  contentType: string;
  bytes: Uint8Array;
  /** Set when the provider would fail the message: 'download', 'type' or 'size'. */
  refused?: 'download' | 'type' | 'size';
}

/** Twilio tells the kind of media by its Content-Type alone. */
export const twilioRule = (contentType: string) =>
  Object.values(TWILIO_MEDIA).find((rule) => rule.types.includes(contentType));

/** GETs the URL like the provider's media fetcher and judges the file by the rule for its type. */
export async function fetchMedia(
  url: string,
  ruleFor: (contentType: string) => MediaRule | undefined,
): Promise<FetchedMedia> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch {
    return { url, status: 0, contentType: '', bytes: new Uint8Array(), refused: 'download' };
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const fetched = { url, status: response.status, contentType, bytes };
  if (!response.ok) return { ...fetched, refused: 'download' };
  const rule = ruleFor(contentType);
  if (!rule || !rule.types.includes(contentType)) return { ...fetched, refused: 'type' };
  if (bytes.byteLength > rule.maxBytes) return { ...fetched, refused: 'size' };
  return fetched;
}

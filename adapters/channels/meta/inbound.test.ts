import { describe, expect, it } from 'vitest';
import { FakeMeta } from '../../../tests/harness/fake-meta.js';
import { MalformedWebhook, parseMetaWebhook } from './inbound.js';

const meta = new FakeMeta();
const received = new Date('2026-11-26T07:30:05Z');
const sentAt = new Date('2026-11-26T07:30:00Z');
const AMINA = '+254712345678';

/** The one learner message a webhook for `content` carries. */
function parsedMessage(content: Parameters<FakeMeta['messageValue']>[1], name = 'Amina') {
  const { id, value } = meta.messageValue(AMINA, content, { at: sentAt, name });
  const { messages } = parseMetaWebhook(meta.envelope(value), received);
  expect(messages).toHaveLength(1);
  return { id, event: messages[0]! };
}

/** The envelope problems a body is refused for, or the items it left out. */
function problemsOf(body: unknown): string[] {
  try {
    return parseMetaWebhook(body, received).skipped.map((p) => `${p.field}: ${p.reason}`);
  } catch (error) {
    if (error instanceof MalformedWebhook) return error.problems.map((p) => `${p.field}: ${p.reason}`);
    throw error;
  }
}

describe('parseMetaWebhook: learner messages', () => {
  it('reads a text message with the sender in E.164, the profile name and the time Meta stamped', () => {
    const { id, event } = parsedMessage({ text: ' Habari ' });
    expect(event).toEqual({
      type: 'message',
      channel: 'meta',
      providerId: id,
      from: AMINA,
      at: sentAt.toISOString(),
      message: { kind: 'text', text: ' Habari ' },
      profile: { name: 'Amina', waId: '254712345678' },
    });
  });

  it('reads reply buttons, list rows and template quick replies by their ids', () => {
    expect(parsedMessage({ button: '07:30', title: 'Morning 07:30' }).event.message).toEqual({
      kind: 'button',
      id: '07:30',
      title: 'Morning 07:30',
    });
    expect(parsedMessage({ list: 'rating:4', title: '4 · Useful', description: 'x' }).event.message).toEqual({
      kind: 'list',
      id: 'rating:4',
      title: '4 · Useful',
    });
    expect(parsedMessage({ templateButton: 'OK', title: 'OK' }).event.message).toEqual({
      kind: 'button',
      id: 'OK',
      title: 'OK',
    });
  });

  it('gives media as a meta-media: reference to the file Meta stores, with type and caption', () => {
    const image = parsedMessage({
      media: { type: 'image', id: '1480975352749', mimeType: 'image/jpeg' },
      caption: 'my budget',
    });
    expect(image.event.message).toEqual({
      kind: 'media',
      mediaType: 'image',
      url: 'meta-media:1480975352749',
      contentType: 'image/jpeg',
      caption: 'my budget',
    });
    const pdf = parsedMessage({ media: { type: 'document', id: '77', mimeType: 'application/pdf' } });
    expect(pdf.event.message).toEqual({
      kind: 'media',
      mediaType: 'document',
      url: 'meta-media:77',
      contentType: 'application/pdf',
    });
    const voice = parsedMessage({ media: { type: 'audio', id: '78', mimeType: 'audio/ogg; codecs=opus' } });
    expect(voice.event.message).toMatchObject({ mediaType: 'audio', contentType: 'audio/ogg; codecs=opus' });
    const sticker = parsedMessage({ media: { type: 'sticker', id: '79', mimeType: 'image/webp' } });
    expect(sticker.event.message).toMatchObject({ mediaType: 'image', url: 'meta-media:79' });
  });

  it('reads a shared location with its name, or its address when it has no name', () => {
    const named = parsedMessage({
      latitude: -1.2921,
      longitude: 36.8219,
      name: 'Nairobi CBD',
      address: 'Moi Ave',
    });
    expect(named.event.message).toEqual({
      kind: 'location',
      latitude: -1.2921,
      longitude: 36.8219,
      name: 'Nairobi CBD',
    });
    const addressed = parsedMessage({ latitude: 0, longitude: 0, address: 'Moi Ave' });
    expect(addressed.event.message).toMatchObject({ name: 'Moi Ave' });
  });

  it('returns every message and status of one POST in order, each with its own sender', () => {
    const first = meta.messageValue('+254700000001', { text: 'one' }, { at: sentAt, name: 'Baraka' });
    const second = meta.messageValue('+254700000002', { text: 'two' }, { at: sentAt, name: 'Wanjiru' });
    const status = meta.statusValue({ id: 'wamid.out1', to: '254700000001' }, 'delivered', undefined, sentAt);
    const body = meta.envelope(first.value, status, second.value);
    const { messages, statuses } = parseMetaWebhook(body, received);
    expect(messages.map((m) => [m.providerId, m.from, m.profile?.name])).toEqual([
      [first.id, '+254700000001', 'Baraka'],
      [second.id, '+254700000002', 'Wanjiru'],
    ]);
    expect(statuses.map((s) => s.report.providerId)).toEqual(['wamid.out1']);
  });

  it('leaves reactions out and answers unknown message types as an empty text', () => {
    const reaction = meta.messageValue(AMINA, { reaction: '👍', to: 'wamid.out1' }, { at: sentAt });
    expect(parseMetaWebhook(meta.envelope(reaction.value), received).messages).toEqual([]);
    const { value } = meta.messageValue(AMINA, { text: 'x' }, { at: sentAt });
    value.messages[0] = { ...value.messages[0], type: 'unsupported', text: undefined };
    expect(parseMetaWebhook(meta.envelope(value), received).messages[0]!.message).toEqual({
      kind: 'text',
      text: '',
    });
  });

  it('never dates a message after it was received, nor trusts a missing timestamp', () => {
    const future = new Date(received.getTime() + 3600_000);
    const { value } = meta.messageValue(AMINA, { text: 'hi' }, { at: future });
    expect(parseMetaWebhook(meta.envelope(value), received).messages[0]!.at).toBe(received.toISOString());
    delete value.messages[0].timestamp;
    expect(parseMetaWebhook(meta.envelope(value), received).messages[0]!.at).toBe(received.toISOString());
  });

  it('acknowledges changes other than messages (template reviews, account updates) with nothing to do', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        { id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] },
      ],
    };
    expect(parseMetaWebhook(body, received)).toEqual({
      messages: [],
      senders: [],
      changes: [],
      statuses: [],
      skipped: [],
    });
  });
});

describe('parseMetaWebhook: delivery statuses', () => {
  const sent = { id: 'wamid.out1', to: '254712345678' };
  const statusOf = (status: string, code?: number) =>
    parseMetaWebhook(meta.envelope(meta.statusValue(sent, status, code, sentAt)), received).statuses;

  it('reads sent, delivered and read with the recipient and Meta’s time; ignores deleted', () => {
    for (const status of ['sent', 'delivered', 'read'] as const) {
      expect(statusOf(status)).toEqual([
        { report: { channel: 'meta', providerId: 'wamid.out1', status, recipient: AMINA, at: sentAt } },
      ]);
    }
    expect(statusOf('deleted')).toEqual([]);
  });

  it('maps Meta errors to the codes the status handler reacts to, keeping Meta’s own', () => {
    const [window] = statusOf('failed', 131047);
    expect(window).toEqual({
      report: {
        channel: 'meta',
        providerId: 'wamid.out1',
        status: 'failed',
        errorCode: '63016',
        recipient: AMINA,
        at: sentAt,
      },
      metaError: {
        code: 131047,
        title: 'Re-engagement message',
        details:
          'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      },
    });
    expect(statusOf('failed', 131050)[0]!.report.errorCode).toBe('21610');
    expect(statusOf('failed', 130429)[0]!.report.errorCode).toBe('63018');
    expect(statusOf('failed', 131056)[0]!.report.errorCode).toBe('63018');
    // Undeliverable has many causes (no WhatsApp, old app, terms not accepted): recorded, not an opt-out.
    expect(statusOf('failed', 131026)[0]!.report.errorCode).toBe('131026');
  });
});

describe('parseMetaWebhook: what PostgreSQL cannot store', () => {
  const NUL = '\u0000';
  const LONE_HIGH = '\uD83D';
  const LONE_LOW = '\uDE00';

  it('drops NUL bytes and unpaired surrogates from every string, keeping the rest and whole emoji', () => {
    const dirty = (text: string) => `${NUL}${text}${LONE_HIGH} 🌱${LONE_LOW}`;
    const { event } = parsedMessage({ text: dirty('Habari') }, dirty('Amina'));
    expect(event.message).toEqual({ kind: 'text', text: 'Habari 🌱' });
    expect(event.profile).toEqual({ name: 'Amina 🌱', waId: '254712345678' });
    expect(parsedMessage({ button: dirty('07:30'), title: dirty('Morning') }).event.message).toEqual({
      kind: 'button',
      id: '07:30 🌱',
      title: 'Morning 🌱',
    });
    expect(parsedMessage({ list: dirty('rating:4'), title: dirty('4') }).event.message).toEqual({
      kind: 'list',
      id: 'rating:4 🌱',
      title: '4 🌱',
    });
    expect(parsedMessage({ templateButton: dirty('OK') }).event.message).toMatchObject({ id: 'OK 🌱' });
    const media = { type: 'image' as const, id: dirty('14'), mimeType: dirty('image/jpeg') };
    expect(parsedMessage({ media, caption: dirty('budget') }).event.message).toEqual({
      kind: 'media',
      mediaType: 'image',
      url: 'meta-media:14 🌱',
      contentType: 'image/jpeg 🌱',
      caption: 'budget 🌱',
    });
    const place = parsedMessage({ latitude: 1, longitude: 2, name: dirty('Moi Ave') }).event.message;
    expect(place).toMatchObject({ name: 'Moi Ave 🌱' });
    const status = meta.statusValue({ id: `wamid.1${NUL}`, to: '254712345678' }, 'failed', 131047);
    status.statuses[0].errors[0].title = dirty('Re-engagement');
    const [failed] = parseMetaWebhook(meta.envelope(status), received).statuses;
    expect(failed!.report.providerId).toBe('wamid.1');
    expect(failed!.metaError?.title).toBe('Re-engagement 🌱');
  });

  it('cuts a text over 4,096 characters at 4,096, never inside an emoji', () => {
    const long = 'a'.repeat(4095) + '🌱🌱 and more';
    const { event } = parsedMessage({ text: long });
    expect(event.message).toEqual({ kind: 'text', text: 'a'.repeat(4095) + '🌱' });
  });
});

describe('parseMetaWebhook: malformed bodies', () => {
  it('refuses a body that is not a WhatsApp webhook, naming the envelope fields', () => {
    expect(problemsOf('[]')).toEqual([': must be a JSON object']);
    expect(problemsOf({ object: 'page', entry: {} })).toEqual([
      'object: must be "whatsapp_business_account"',
      'entry: must be an array',
    ]);
    expect(() => parseMetaWebhook({ object: 'page', entry: [] }, received)).toThrow(MalformedWebhook);
  });

  it('leaves out an entry without changes instead of refusing the body', () => {
    const { value } = meta.messageValue(AMINA, { text: 'hi' }, { at: sentAt });
    const body = meta.envelope(value) as { entry: unknown[] };
    body.entry.unshift({});
    const webhook = parseMetaWebhook(body, received);
    expect(webhook.messages.map((m) => m.message)).toEqual([{ kind: 'text', text: 'hi' }]);
    expect(webhook.skipped).toEqual([{ field: 'entry/0/changes', reason: 'must be an array' }]);
  });

  it('leaves out every bad message and status, naming each field by its path, and keeps the good ones', () => {
    const { value } = meta.messageValue(AMINA, { text: 'hi' }, { at: sentAt });
    const bad = { ...value.messages[0], id: '', from: '+254712345678' };
    const place = meta.messageValue(AMINA, { latitude: 1, longitude: 2 }, { at: sentAt }).value.messages[0];
    place.location.latitude = 'north';
    const photo = meta.messageValue(AMINA, { media: { type: 'image', id: 'x', mimeType: 'image/png' } }).value
      .messages[0];
    delete photo.image.id;
    const status = meta.statusValue({ id: 'wamid.1', to: '254712345678' }, 'sent');
    status.statuses[0].status = undefined;
    const good = meta.statusValue({ id: 'wamid.2', to: '254712345678' }, 'read');
    const body = meta.envelope({ ...value, messages: [bad, place, photo, value.messages[0]] }, status, good);
    const webhook = parseMetaWebhook(body, received);
    expect(webhook.messages.map((m) => m.message)).toEqual([{ kind: 'text', text: 'hi' }]);
    expect(webhook.statuses.map((s) => s.report.providerId)).toEqual(['wamid.2']);
    expect(problemsOf(body)).toEqual([
      'entry/0/changes/0/value/messages/0/id: is required',
      'entry/0/changes/0/value/messages/0/from: must be a WhatsApp id: the phone number in digits',
      'entry/0/changes/0/value/messages/1/location/latitude: must be a number between -90 and 90',
      'entry/0/changes/0/value/messages/2/image/id: is required: the media id Meta stores the file under',
      'entry/0/changes/1/value/statuses/0/status: is required',
    ]);
  });
});

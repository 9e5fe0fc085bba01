import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type OutboundMessage } from '../../../engine/ports.js';
import type { WhatsAppTemplate } from '../../../content/types.js';
import { FakeMeta } from '../../../tests/harness/fake-meta.js';
import { templateCatalog } from '../templates.js';
import { MetaChannel, type MetaChannelOptions } from './channel.js';

const AMINA = '+254712345678';
const quizReminder: WhatsAppTemplate = {
  name: 'quiz_reminder',
  variables: ['name', 'lesson'],
  languages: {
    en: {
      twilio: 'HX1',
      meta: 'quiz_reminder_v2',
      metaLanguage: 'en_US',
      text: 'Hi {{name}}, "{{lesson}}" waits.',
    },
    sw: {
      twilio: 'HX2',
      meta: 'quiz_reminder_v2',
      metaLanguage: 'sw',
      text: 'Habari {{name}}, "{{lesson}}".',
    },
  },
};
const templates = templateCatalog(new Map([[quizReminder.name, quizReminder]]));

/** A channel to the fake; media URLs in these tests do not resolve, so their check is skipped unless given. */
const channelFor = (fake: FakeMeta, overrides: Partial<MetaChannelOptions> = {}) =>
  new MetaChannel({
    accessToken: fake.accessToken,
    phoneNumberId: fake.phoneNumberId,
    apiBaseUrl: fake.url,
    templates,
    checkMedia: async () => {},
    ...overrides,
  });

describe('MetaChannel against a fake Graph API', () => {
  let fake: FakeMeta;
  let channel: MetaChannel;
  beforeAll(async () => {
    fake = await new FakeMeta({
      maxPerSecond: 1000,
      templates: [
        { name: 'quiz_reminder_v2', language: 'en_US', parameters: 2 },
        { name: 'quiz_reminder_v2', language: 'sw', parameters: 2 },
      ],
    }).start();
    channel = channelFor(fake);
  });
  afterAll(() => fake.stop());

  /** Sends one message and returns the request body the fake accepted for it. */
  async function sent(message: OutboundMessage, asTemplate = false) {
    const { providerId } = await channel.send(AMINA, message, '1', { asTemplate });
    const accepted = fake.messages.find((m) => m.id === providerId);
    expect(accepted?.to).toBe('254712345678');
    return accepted!.request;
  }

  async function refusal(promise: Promise<unknown>): Promise<ChannelError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }

  it('sends to a learner known only by BSUID as `recipient`, without `to`; the fake refuses neither', async () => {
    const bsuid = 'KE.1502576394655843';
    const { providerId } = await channel.send(bsuid, { text: 'Habari' }, '7');
    const accepted = fake.messages.find((m) => m.id === providerId)!;
    expect(accepted.to).toBe(bsuid);
    expect(accepted.request).toMatchObject({ recipient: bsuid, text: { body: 'Habari' } });
    expect(accepted.request).not.toHaveProperty('to');
    const error = await refusal(channel.send('not a learner', { text: 'Habari' }, '8'));
    expect(error.message).toMatch(/to is required/);
  });

  it('sends text with a link preview only when the text has a link', async () => {
    expect(await sent({ text: 'Habari Amina' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '254712345678',
      type: 'text',
      text: { body: 'Habari Amina', preview_url: false },
      // The outbox row id, echoed in the message's status webhooks (crash recovery).
      biz_opaque_callback_data: '1',
    });
    expect((await sent({ text: 'Read https://example.com/m-shwari' })).text).toEqual({
      body: 'Read https://example.com/m-shwari',
      preview_url: true,
    });
  });

  it('sends up to three choices as reply buttons and a list as one section of rows', async () => {
    const buttons = [
      { id: '07:30', title: 'Morning 07:30' },
      { id: '12:30', title: 'Midday 12:30' },
      { id: '19:00', title: 'Evening 19:00' },
    ];
    expect((await sent({ text: 'When?', buttons })).interactive).toEqual({
      type: 'button',
      body: { text: 'When?' },
      action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) },
    });
    const rows = [1, 2, 3, 4, 5].map((n) => ({
      id: `rating:${n}`,
      title: `${n} stars`,
      description: 'How useful',
    }));
    expect((await sent({ text: 'Rate it', list: { button: 'Rate', rows } })).interactive).toEqual({
      type: 'list',
      body: { text: 'Rate it' },
      action: { button: 'Rate', sections: [{ rows }] },
    });
  });

  it('sends media by link with its caption, documents with their file name, audio without a caption', async () => {
    const image = await sent({
      text: 'Your chart',
      media: { type: 'image', url: 'https://cdn.example/c.png' },
    });
    expect(image).toMatchObject({
      type: 'image',
      image: { link: 'https://cdn.example/c.png', caption: 'Your chart' },
    });
    const pdf = await sent({
      text: '',
      media: { type: 'document', url: 'https://cdn.example/files/budget%20plan.pdf' },
    });
    expect(pdf.document).toEqual({
      link: 'https://cdn.example/files/budget%20plan.pdf',
      filename: 'budget plan.pdf',
    });
    const audio = await sent({ text: 'Listen', media: { type: 'audio', url: 'https://cdn.example/l.mp3' } });
    expect(audio.audio).toEqual({ link: 'https://cdn.example/l.mp3' });
  });

  it('checks media before sending and sends nothing WhatsApp would refuse', async () => {
    const before = fake.messages.length;
    const checked = channelFor(fake, { checkMedia: undefined });
    const media = { type: 'image' as const, url: `${fake.url}/files/chart.png` };
    const error = await refusal(checked.send(AMINA, { text: 'Your chart', media }, '1'));
    expect(error).toMatchObject({ retry: false });
    expect(error.message).toMatch(/The image at .*chart\.png could not be checked \(HTTP 401\)/);
    const refusing = channelFor(fake, {
      checkMedia: async () => {
        throw new ChannelError('The video is 20 MB; WhatsApp Cloud API accepts at most 16 MB', false);
      },
    });
    const video = { type: 'video' as const, url: 'https://cdn.example/v.mp4' };
    expect((await refusal(refusing.send(AMINA, { text: '', media: video }, '1'))).message).toMatch(/20 MB/);
    expect(fake.messages.length).toBe(before);
  });

  it('sends the approved template in the learner’s language with the body parameters in variable order', async () => {
    const message: OutboundMessage = {
      text: 'free-form that must not go',
      template: { name: 'quiz_reminder', language: 'sw', variables: { lesson: 'Bajeti', name: 'Amina' } },
    };
    expect((await sent(message, true)).template).toEqual({
      name: 'quiz_reminder_v2',
      language: { code: 'sw' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Amina' },
            { type: 'text', text: 'Bajeti' },
          ],
        },
      ],
    });
    // No Swahili approval for a language the catalog lacks: English is the fallback.
    const french = { ...message, template: { ...message.template!, language: 'fr' } };
    expect((await sent(french, true)).template.language).toEqual({ code: 'en_US' });
  });

  it('refuses to send free-form outside the window, an unknown template or a blank variable', async () => {
    const none = await refusal(channel.send(AMINA, { text: 'hi' }, '1', { asTemplate: true }));
    expect(none).toMatchObject({ retry: false, code: '63016' });
    const unknown = { text: '', template: { name: 'nope', language: 'en', variables: {} } };
    expect((await refusal(channel.send(AMINA, unknown, '1', { asTemplate: true }))).message).toMatch(
      /"nope" is not approved/,
    );
    const blank = { text: '', template: { name: 'quiz_reminder', language: 'en', variables: { name: 'A' } } };
    const missing = await refusal(channel.send(AMINA, blank, '1', { asTemplate: true }));
    expect(missing).toMatchObject({
      retry: false,
      message: 'Template "quiz_reminder" needs a value for lesson',
    });
  });

  it('does not retry what Meta refuses as invalid: a 4,097-character text, a fourth button, a long title', async () => {
    const long = await refusal(channel.send(AMINA, { text: 'a'.repeat(4097) }, '1'));
    expect(long).toMatchObject({ retry: false, code: '100' });
    expect(long.message).toMatch(/HTTP 400, error 100\): \(#100\) Param text\['body'\] must be at most 4096/);
    const buttons = [1, 2, 3, 4].map((n) => ({ id: `b${n}`, title: `B${n}` }));
    const four = await refusal(channel.send(AMINA, { text: 'Pick', buttons }, '1'));
    expect(four).toMatchObject({ retry: false, code: '131009' });
    expect(four.message).toMatch(/Too many buttons/);
    const title = await refusal(
      channel.send(AMINA, { text: 'Pick', buttons: [{ id: 'x', title: 'A title over twenty chars' }] }, '1'),
    );
    expect(title.message).toMatch(/Button title length invalid/);
    expect(fake.messages.some((m) => m.request.text?.body?.length === 4097)).toBe(false);
  });

  it('does not retry a wrong access token', async () => {
    const wrong = channelFor(fake, { accessToken: 'expired' });
    const error = await refusal(wrong.send(AMINA, { text: 'hi' }, '1'));
    expect(error).toMatchObject({ retry: false, code: '190' });
    expect(error.message).toMatch(/HTTP 401.*Invalid OAuth access token/);
  });

  it('retries a rate limit (429, 130429 as 63018) and an unreachable Graph API', async () => {
    const limited = await new FakeMeta({ maxPerSecond: 1 }).start();
    try {
      const busy = channelFor(limited);
      const results = await Promise.allSettled([1, 2, 3].map(() => busy.send(AMINA, { text: 'hi' }, '1')));
      const refused = results
        .filter((r) => r.status === 'rejected')
        .map((r) => (r as PromiseRejectedResult).reason);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused[0]).toMatchObject({ retry: true, code: '63018' });
      expect((refused[0] as Error).message).toMatch(/HTTP 429, error 130429/);
    } finally {
      await limited.stop();
    }
    const gone = channelFor(fake, { apiBaseUrl: limited.url });
    expect(await refusal(gone.send(AMINA, { text: 'hi' }, '1'))).toMatchObject({ retry: true });
  });
});

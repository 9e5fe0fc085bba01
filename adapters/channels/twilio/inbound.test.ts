import { describe, expect, it } from 'vitest';
import { FakeTwilio } from '../../../scripts/bench/fake-twilio.js';
import { MalformedWebhook, parseTwilioInbound, parseTwilioStatus } from './inbound.js';

const twilio = new FakeTwilio();
const at = new Date('2026-11-26T07:30:00Z');
const AMINA = '+254712345678';

describe('parseTwilioInbound', () => {
  it('reads a text message with the profile name and WhatsApp id', () => {
    const form = twilio.inboundParams(AMINA, { text: ' Habari ' });
    const event = parseTwilioInbound(form, at);
    expect(event).toMatchObject({
      type: 'message',
      channel: 'twilio',
      providerId: form.MessageSid,
      from: AMINA,
      at: at.toISOString(),
      message: { kind: 'text', text: ' Habari ' },
      profile: { name: 'Amina', waId: '254712345678' },
    });
  });

  it('reads a quick-reply button by its payload and a list reply by its id', () => {
    const button = parseTwilioInbound(
      twilio.inboundParams(AMINA, { button: 'time:07:30', title: 'Morning' }),
      at,
    );
    expect(button.message).toEqual({ kind: 'button', id: 'time:07:30', title: 'Morning' });
    const list = parseTwilioInbound(
      twilio.inboundParams(AMINA, { list: 'course:money', title: 'Money' }),
      at,
    );
    expect(list.message).toEqual({ kind: 'list', id: 'course:money', title: 'Money' });
  });

  it('keeps every media file of an album in order, with the caption', () => {
    const form = twilio.inboundParams(AMINA, {
      media: [
        { url: 'https://api.twilio.com/media/1', contentType: 'image/jpeg' },
        { url: 'https://api.twilio.com/media/2', contentType: 'application/pdf' },
      ],
      caption: 'my budget',
    });
    expect(parseTwilioInbound(form, at).message).toEqual({
      kind: 'media',
      mediaType: 'image',
      url: 'https://api.twilio.com/media/1',
      contentType: 'image/jpeg',
      caption: 'my budget',
      more: [
        { mediaType: 'document', url: 'https://api.twilio.com/media/2', contentType: 'application/pdf' },
      ],
    });
  });

  it('reads a shared location with its label', () => {
    const form = twilio.inboundParams(AMINA, { latitude: -1.2921, longitude: 36.8219, label: 'Nairobi CBD' });
    expect(parseTwilioInbound(form, at).message).toEqual({
      kind: 'location',
      latitude: -1.2921,
      longitude: 36.8219,
      name: 'Nairobi CBD',
    });
  });

  it('drops NUL bytes and unpaired surrogates from every field, keeping the rest and whole emoji', () => {
    const dirty = (text: string) => `\u0000${text}\uD83D 🌱\uDE00`;
    const text = twilio.inboundParams(AMINA, { text: dirty('Habari') }, { ProfileName: dirty('Amina') });
    const event = parseTwilioInbound(text, at);
    expect(event.message).toEqual({ kind: 'text', text: 'Habari 🌱' });
    expect(event.profile).toEqual({ name: 'Amina 🌱', waId: '254712345678' });
    const button = twilio.inboundParams(AMINA, { button: dirty('07:30'), title: dirty('Morning') });
    expect(parseTwilioInbound(button, at).message).toEqual({
      kind: 'button',
      id: '07:30 🌱',
      title: 'Morning 🌱',
    });
    const list = twilio.inboundParams(AMINA, { list: dirty('course:money'), title: dirty('Money') });
    expect(parseTwilioInbound(list, at).message).toEqual({
      kind: 'list',
      id: 'course:money 🌱',
      title: 'Money 🌱',
    });
    const media = twilio.inboundParams(AMINA, {
      media: [{ url: `https://api.twilio.com/media/1\u0000`, contentType: dirty('image/jpeg') }],
      caption: dirty('budget'),
    });
    expect(parseTwilioInbound(media, at).message).toEqual({
      kind: 'media',
      mediaType: 'image',
      url: 'https://api.twilio.com/media/1',
      contentType: 'image/jpeg 🌱',
      caption: 'budget 🌱',
    });
    const place = twilio.inboundParams(AMINA, { latitude: 1, longitude: 2, label: dirty('Moi Ave') });
    expect(parseTwilioInbound(place, at).message).toMatchObject({ name: 'Moi Ave 🌱' });
  });

  it('cuts a text over 4,096 characters at 4,096, never inside an emoji', () => {
    const form = twilio.inboundParams(AMINA, { text: 'a'.repeat(4095) + '🌱🌱 and more' });
    expect(parseTwilioInbound(form, at).message).toEqual({ kind: 'text', text: 'a'.repeat(4095) + '🌱' });
  });

  it('names every malformed field', () => {
    const form = { ...twilio.inboundParams(AMINA, { text: 'hi' }), MessageSid: 'x', From: '+254712345678' };
    expect(() => parseTwilioInbound(form, at)).toThrow(MalformedWebhook);
    try {
      parseTwilioInbound(form, at);
    } catch (error) {
      expect((error as MalformedWebhook).problems.map((p) => p.field)).toEqual(['MessageSid', 'From']);
    }
    const media = { ...twilio.inboundParams(AMINA, { text: 'hi' }), NumMedia: '2' };
    expect(() => parseTwilioInbound(media, at)).toThrow(/MediaUrl0: NumMedia is 2 but this URL is missing/);
    const place = { ...twilio.inboundParams(AMINA, { latitude: 1, longitude: 2 }), Latitude: 'north' };
    expect(() => parseTwilioInbound(place, at)).toThrow(/Latitude: must be a number between -90 and 90/);
  });
});

describe('parseTwilioStatus', () => {
  const sid = 'SM' + 'b'.repeat(32);
  it('maps Twilio statuses and keeps the error code and recipient', () => {
    const report = parseTwilioStatus(
      { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '63016', To: `whatsapp:${AMINA}` },
      at,
    );
    expect(report).toEqual({
      channel: 'twilio',
      providerId: sid,
      status: 'undelivered',
      errorCode: '63016',
      recipient: AMINA,
      at,
    });
    expect(parseTwilioStatus({ MessageSid: sid, MessageStatus: 'accepted' }, at)?.status).toBe('queued');
  });

  it('drops a NUL byte from the error code', () => {
    const report = parseTwilioStatus(
      { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '63016\u0000' },
      at,
    );
    expect(report?.errorCode).toBe('63016');
  });

  it('ignores statuses the product does not track and rejects a body without a sid', () => {
    expect(parseTwilioStatus({ MessageSid: sid, MessageStatus: 'canceled' }, at)).toBeNull();
    expect(() => parseTwilioStatus({ MessageStatus: 'sent' }, at)).toThrow(/MessageSid: is required/);
  });
});

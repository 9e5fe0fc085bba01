import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTwilioInbound, parseTwilioStatus, type Form } from './inbound.js';
import { twilioSenderOf } from './inbound-identity.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../tests/fixtures/twilio-webhooks/${name}.json`, import.meta.url), 'utf8'),
  ) as Form;
const at = new Date('2026-11-26T07:30:00Z');
const BSUID = 'KE.1502576394655843';

describe('who wrote, in a Twilio WhatsApp webhook (issue 15)', () => {
  it('is the phone alone in a webhook of before BSUIDs', () => {
    const form = fixture('text-with-phone');
    expect(twilioSenderOf(form)).toEqual({ phone: '+254712345678' });
    expect(parseTwilioInbound(form, at).from).toBe('+254712345678');
  });

  it('is the BSUID in From when WhatsApp gives no phone, and the message is from it', () => {
    const form = fixture('text-bsuid-only');
    expect(twilioSenderOf(form)).toEqual({ bsuid: BSUID });
    const event = parseTwilioInbound(form, at);
    expect(event.from).toBe(BSUID);
    expect(event.profile).toEqual({ name: 'Amina Kamau' });
  });

  it('links the phone in From with ExternalUserIdentifier (Twilio’s name) or ExternalUserId, with or without whatsapp:', () => {
    expect(twilioSenderOf(fixture('text-with-phone-external-user-identifier'))).toEqual({
      phone: '+254712345678',
      bsuid: BSUID,
    });
    const form = { ...fixture('text-with-phone'), ExternalUserId: BSUID };
    expect(twilioSenderOf(form)).toEqual({ phone: '+254712345678', bsuid: BSUID });
  });

  it('reads a parent BSUID from ParentExternalUserId', () => {
    const form = {
      ...fixture('text-bsuid-only'),
      ParentExternalUserId: 'whatsapp:KE.ENT.11815799212886844830',
    };
    expect(twilioSenderOf(form)).toEqual({ bsuid: BSUID, parentBsuid: 'KE.ENT.11815799212886844830' });
  });

  it('ignores identifiers that are not BSUIDs, and never takes WaId for a phone beside a BSUID From', () => {
    const form = {
      ...fixture('text-with-phone'),
      ExternalUserIdentifier: 'whatsapp:+254712345678',
      ParentExternalUserId: 'KE.1502576394655843',
    };
    expect(twilioSenderOf(form)).toEqual({ phone: '+254712345678' });
    const noPhone = { ...fixture('text-bsuid-only'), WaId: BSUID };
    expect(twilioSenderOf(noPhone)).toEqual({ bsuid: BSUID });
    expect(parseTwilioInbound(noPhone, at).profile).toEqual({ name: 'Amina Kamau' });
  });

  it('refuses a From that is neither, naming both shapes', () => {
    const form = { ...fixture('text-bsuid-only'), From: 'whatsapp:amina.k' };
    expect(() => parseTwilioInbound(form, at)).toThrow(
      /From: must be a WhatsApp address like whatsapp:\+254712345678 or, without a phone, whatsapp:KE\.1502576394655843/,
    );
  });

  it('reads the recipient of a status callback sent to a BSUID', () => {
    const report = parseTwilioStatus(
      { MessageSid: 'SM' + 'a'.repeat(32), MessageStatus: 'delivered', To: `whatsapp:${BSUID}` },
      at,
    );
    expect(report).toMatchObject({ status: 'delivered', recipient: BSUID });
  });
});

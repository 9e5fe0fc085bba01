import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetaWebhook } from './inbound.js';

const DIR = join(import.meta.dirname, '../../../tests/fixtures/meta-webhooks');
const received = new Date('2027-01-01T00:00:00Z');
const fixture = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8'));
const parsed = (name: string) => parseMetaWebhook(fixture(name), received);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const PHONE = '+254712345678';
const BSUID = 'KE.1502576394655843';
const KINDS: Record<string, string> = {
  text: 'text',
  image: 'media',
  location: 'location',
  'interactive-button-reply': 'button',
  'interactive-list-reply': 'list',
  'template-quick-reply': 'button',
};

describe('Meta webhooks with and without the phone number (tests/fixtures/meta-webhooks)', () => {
  it('covers every fixture', () => {
    const covered = files.filter((f) => /^(status|system)-|-(with-phone|bsuid-only)/.test(f));
    expect(covered).toEqual(files);
  });

  for (const [type, kind] of Object.entries(KINDS)) {
    it(`${type}: with a phone, from is the phone and the BSUID is linked`, () => {
      const webhook = parsed(`${type}-with-phone.json`);
      expect(webhook.skipped).toEqual([]);
      expect(webhook.messages.map((m) => [m.from, m.message.kind, m.profile])).toEqual([
        [PHONE, kind, { name: 'Amina Kamau', waId: '254712345678' }],
      ]);
      expect(webhook.senders).toEqual([{ phone: PHONE, bsuid: BSUID }]);
    });
    it(`${type}: with only a BSUID and username, the message is accepted, from the BSUID`, () => {
      const webhook = parsed(`${type}-bsuid-only.json`);
      expect(webhook.skipped).toEqual([]);
      expect(webhook.messages.map((m) => [m.from, m.message.kind, m.profile])).toEqual([
        [BSUID, kind, { name: 'Amina Kamau' }],
      ]);
      expect(webhook.senders).toEqual([{ bsuid: BSUID, username: 'amina.k' }]);
    });
  }

  it('reads the parent BSUID and ignores the identity key hash', () => {
    expect(parsed('text-bsuid-only-parent.json').senders).toEqual([
      { bsuid: BSUID, parentBsuid: 'KE.ENT.11815799212886844830', username: 'amina.k' },
    ]);
    expect(parsed('text-with-phone-identity-key-hash.json').senders).toEqual([
      { phone: PHONE, bsuid: BSUID },
    ]);
  });

  it('accepts statuses without recipient_id, recording the BSUID as the recipient', () => {
    for (const file of files.filter((f) => f.startsWith('status-'))) {
      const webhook = parsed(file);
      expect(webhook.skipped, file).toEqual([]);
      expect(
        webhook.statuses.map((s) => s.report.recipient),
        file,
      ).toEqual([file.includes('bsuid-only') ? BSUID : PHONE]);
    }
  });

  it('reads BSUID changes as identity changes, not learner messages', () => {
    const number = parsed('system-user-changed-number.json');
    expect(number.messages).toEqual([]);
    expect(number.changes).toEqual([
      { bsuid: 'KE.2739104857362019', previousBsuid: BSUID, previousPhone: PHONE, phone: '+254722000111' },
    ]);
    const userId = parsed('system-user-changed-user-id.json');
    expect(userId.messages).toEqual([]);
    expect(userId.changes).toEqual([{ bsuid: 'KE.2739104857362019', previousBsuid: BSUID }]);
  });

  it('names the field when the sender is missing or malformed', () => {
    const problems = (edit: (message: Record<string, unknown>) => void) => {
      const body = fixture('text-bsuid-only.json');
      edit(body.entry[0].changes[0].value.messages[0]);
      delete body.entry[0].changes[0].value.contacts;
      return parseMetaWebhook(body, received).skipped.map((p) => `${p.field}: ${p.reason}`);
    };
    const at = 'entry/0/changes/0/value/messages/0';
    expect(problems((m) => delete m.from_user_id)).toEqual([
      `${at}/from_user_id: is required without from: the sender needs a phone number or a BSUID`,
    ]);
    expect(problems((m) => (m.from_user_id = 'amina.k'))).toEqual([
      `${at}/from_user_id: must be a BSUID, like KE.1502576394655843`,
    ]);
    const change = fixture('system-user-changed-user-id.json');
    change.entry[0].changes[0].value.messages[0].system.user_id = '';
    expect(parseMetaWebhook(change, received).skipped).toEqual([
      { field: `${at}/system/user_id`, reason: 'must be a BSUID, like KE.1502576394655843' },
    ]);
  });
});

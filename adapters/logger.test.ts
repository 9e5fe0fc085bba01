import { describe, expect, it } from 'vitest';
import { createLogger, maskPhone } from './logger.js';

const AMINA = '+254712345123';
const AMINA_MASKED = '+2547•••••123';

/** A logger at `info` whose JSON lines land in an array instead of stdout and files. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger(
    { log: { level: 'info', dir: 'logs', pretty: false } },
    {
      destination: {
        write: (line: string) => {
          raw.push(line);
          lines.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    },
  );
  return { logger, lines, raw };
}

describe('maskPhone', () => {
  it('keeps the country code and last three digits only', () => {
    expect(maskPhone(AMINA)).toBe(AMINA_MASKED);
  });

  it('leaves strings too short to be a phone number alone', () => {
    expect(maskPhone('+2547')).toBe('+2547');
  });
});

describe('createLogger', () => {
  it('masks phone numbers in the message, including format arguments', () => {
    const { logger, lines } = capturedLogger();
    logger.info(`lesson sent to ${AMINA}`);
    logger.info('reply from %s', AMINA);
    expect(lines.map((line) => line.msg)).toEqual([
      `lesson sent to ${AMINA_MASKED}`,
      `reply from ${AMINA_MASKED}`,
    ]);
  });

  it('masks phone numbers in nested fields and arrays', () => {
    const { logger, lines } = capturedLogger();
    logger.info({ learner: { phone: AMINA, contacts: [`whatsapp:${AMINA}`] }, turn: 3 }, 'turn done');
    expect(lines[0]).toMatchObject({
      learner: { phone: AMINA_MASKED, contacts: [`whatsapp:${AMINA_MASKED}`] },
      turn: 3,
    });
  });

  it('masks phone numbers in errors and child-logger bindings', () => {
    const { logger, raw } = capturedLogger();
    logger.child({ phone: AMINA }).error({ err: new Error(`Twilio refused To=${AMINA}`) }, 'send failed');
    logger.error(new Error(`no conversation for ${AMINA}`));
    expect(raw.join('')).not.toContain(AMINA);
    expect(raw.join('')).toContain(AMINA_MASKED);
  });

  it('masks bare numbers named as phones: Twilio WaId, Meta wa_id and from, in fields, errors and bodies', () => {
    const { logger, raw } = capturedLogger();
    const bare = AMINA.slice(1);
    const bareMasked = AMINA_MASKED.slice(1);
    logger.info({ form: { WaId: bare, From: `whatsapp:${AMINA}`, NumMedia: '0' } }, 'twilio inbound');
    logger.info(
      {
        entry: [
          {
            contacts: [{ wa_id: bare, profile: { name: 'Amina' } }],
            messages: [{ from: bare, id: 'wamid.HBgMMjU0NzEy', timestamp: '1722245678', type: 'text' }],
            metadata: { phone_number_id: '106540352242922' },
          },
        ],
      },
      'meta inbound',
    );
    logger.warn({ err: new Error(`bad webhook: WaId=${bare}&Body=hi`), to: bare }, 'refused');
    logger.warn(`send failed: {"messaging_product":"whatsapp","to":"${bare}"} From=whatsapp%3A%2B${bare}`);
    const out = raw.join('');
    expect(out).not.toContain(bare);
    for (const masked of [
      `"WaId":"${bareMasked}"`,
      `"wa_id":"${bareMasked}"`,
      `"from":"${bareMasked}"`,
      `WaId=${bareMasked}&Body=hi`,
      `"to":"${bareMasked}"`,
      `\\"to\\":\\"${bareMasked}\\"`,
      `%2B${bareMasked}`,
    ]) {
      expect(out).toContain(masked);
    }
  });

  it('leaves unrelated numbers alone: ids, counts, timestamps, a numeric "to"', () => {
    const { logger, lines } = capturedLogger();
    const fields = {
      userId: 254712345123,
      count: 123456789012,
      tookMs: 1722245678901,
      jobId: '254712345123',
      timestamp: '1722245678',
      phone_number_id_hint: 'n/a',
      range: { from: 1722245678901, to: 1722249999999 },
      note: 'order 254712345123 shipped',
    };
    logger.info(fields, 'numbers');
    expect(lines[0]).toMatchObject(fields);
  });

  it('masks BSUIDs and parent BSUIDs anywhere, and usernames where named, like phone numbers', () => {
    const { logger, lines, raw } = capturedLogger();
    const body = JSON.stringify({
      contacts: [{ profile: { username: 'amina.k' }, user_id: 'KE.1502576394655843' }],
    });
    logger.info(
      { bsuid: 'KE.1502576394655843', parent: 'KE.ENT.11815799212886844830', username: 'amina.k', body },
      'from KE.1502576394655843',
    );
    expect(lines[0]).toMatchObject({
      bsuid: 'KE.15•••••••••••843',
      parent: 'KE.ENT.11•••••••••••••••830',
      username: 'am•••',
      msg: 'from KE.15•••••••••••843',
    });
    expect(raw[0]).not.toMatch(/1502576394655843|amina\.k|11815799212886844830/);
  });

  it('masks a BSUID in a URL-encoded Twilio form and a username in an identity row or its SQL parameters', () => {
    const { logger, raw } = capturedLogger();
    logger.warn(
      {
        form: 'From=whatsapp%3AKE.1502576394655843&ExternalUserId=whatsapp%3AKE.2739104857362019',
        identity: { kind: 'username', value: 'amina.k' },
        params: ['7d0c3b8e', 'username', 'wanjiru_k'],
        twilio: 'ProfileUsername=baraka.o',
      },
      'identity',
    );
    expect(raw[0]).toContain('whatsapp%3AKE.15•••••••••••843');
    expect(raw[0]).not.toMatch(/1502576394655843|2739104857362019|amina\.k|wanjiru_k|baraka\.o/);
  });

  it('leaves dotted names that are no BSUID alone', () => {
    const { logger, lines } = capturedLogger();
    const fields = { call: 'JSON.stringify', host: 'db.example.com', code: 'OK.done', file: 'DE.config' };
    logger.info(fields, 'names');
    expect(lines[0]).toMatchObject(fields);
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capturedLogger();
    logger.debug('noise');
    expect(lines).toEqual([]);
  });
});

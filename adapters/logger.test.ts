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

  it('writes nothing below its level', () => {
    const { logger, lines } = capturedLogger();
    logger.debug('noise');
    expect(lines).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { ConsoleChannel } from './console.js';

const query = (key: string) => ({
  key,
  to: '+254700000001',
  message: { text: '' },
  asTemplate: false,
  since: new Date(0),
});

describe('the console channel', () => {
  it('delivers once per idempotency key and to subscribers', async () => {
    const channel = new ConsoleChannel();
    const seen: string[] = [];
    const unsubscribe = channel.subscribe((d) => seen.push(d.message.text));
    const first = await channel.send('+254700000001', { text: 'hello' }, 'row-1');
    const again = await channel.send('+254700000001', { text: 'hello' }, 'row-1');
    expect(again.providerId).toBe(first.providerId);
    expect(await channel.findSent(query('row-1'))).toBe(first.providerId);
    expect(seen).toEqual(['hello']);
    unsubscribe();
    await channel.send('+254700000001', { text: 'later' }, 'row-2');
    expect(seen).toEqual(['hello']);
  });

  it('keeps a bounded history so a long-running server does not grow without end', async () => {
    const channel = new ConsoleChannel(() => new Date(), { perPhone: 3, ids: 4 });
    for (let i = 1; i <= 6; i++) await channel.send('+254700000001', { text: `m${i}` }, `row-${i}`);
    expect(channel.messagesTo('+254700000001').map((d) => d.message.text)).toEqual(['m4', 'm5', 'm6']);
    expect(await channel.findSent(query('row-1'))).toBeNull();
    expect(await channel.findSent(query('row-6'))).not.toBeNull();
  });
});

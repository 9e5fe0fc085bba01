import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../engine/ports.js';
import { resolveChoice } from './choices.js';

const menu: OutboundMessage = { text: 'Menu', buttons: [{ id: 'menu:welcome', title: 'Set my daily time' }] };
const times: OutboundMessage = {
  text: 'When?',
  buttons: [
    { id: '07:30', title: 'Morning 07:30' },
    { id: '12:30', title: 'Midday 12:30' },
  ],
};
const list: OutboundMessage = {
  text: 'Pick',
  list: { button: 'Topics', rows: [{ id: 'topic:1', title: 'Fractions' }] },
};

describe('resolving a learner answer to a choice', () => {
  it('accepts the number, the id or the title (any case) of the newest message offering choices', () => {
    const history = [menu, times, { text: 'plain text' }];
    expect(resolveChoice(history, '2')).toMatchObject({ kind: 'button', id: '12:30' });
    expect(resolveChoice(history, '07:30')).toMatchObject({ id: '07:30', title: 'Morning 07:30' });
    expect(resolveChoice(history, ' midday 12:30 ')).toMatchObject({ id: '12:30' });
  });

  it('finds older messages by id or title but never by number, and list rows as list replies', () => {
    expect(resolveChoice([menu, times], 'Set my daily time')).toMatchObject({ id: 'menu:welcome' });
    expect(resolveChoice([menu, times], '3')).toBeNull();
    expect(resolveChoice([list], '1')).toEqual({ kind: 'list', id: 'topic:1', title: 'Fractions' });
    expect(resolveChoice([times], '1', { byNumber: false })).toBeNull();
    expect(resolveChoice([], 'hello')).toBeNull();
  });
});

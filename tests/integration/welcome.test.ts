import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowRegistry } from '../../engine/registry.js';
import { welcomeFlow } from '../../flows/welcome.js';
import { simulate, statePath, type Simulation } from '../harness/simulate.js';

describe('welcome flow through the real engine', () => {
  let sim: Simulation;
  beforeEach(async () => {
    // Monday 2026-03-02 04:00 UTC = 07:00 in Nairobi.
    sim = await simulate({
      start: '2026-03-02T04:00:00Z',
      registry: new FlowRegistry([welcomeFlow], 'welcome'),
    });
  });
  afterEach(() => sim.close());

  it('greets, learns the name and time, then nudges at 07:30 Nairobi time every day', async () => {
    const amina = sim.learner('+254700000001');
    await amina.says('hi');
    expect(amina.lastReply()).toMatch(/welcome/i);
    expect(statePath((await amina.state())?.state)).toBe('welcome.askName');

    await amina.says('Amina');
    expect(amina.lastReply()).toMatch(/Nice to meet you, Amina/);
    expect(amina.lastMessage()?.buttons?.map((b) => b.id)).toEqual(['07:30', '12:30', '19:00']);
    await amina.taps('07:30');
    expect(amina.lastReply()).toMatch(/every day at 07:30/);
    expect((await amina.profile())?.name).toBe('Amina');

    amina.newReplies();
    await sim.advance('29m');
    expect(amina.newReplies()).toEqual([]);
    await sim.advance('2m');
    expect(amina.newReplies()).toEqual([expect.stringMatching(/Hello, Amina! .* 07:30/)]);
    const nudge = amina.replies().at(-1)!;
    expect(nudge.at.toISOString()).toBe('2026-03-02T04:30:00.000Z');

    await sim.advance('1d');
    expect(amina.newReplies()).toHaveLength(1);
    expect(amina.replies().at(-1)!.at.toISOString()).toBe('2026-03-03T04:30:00.000Z');
  });

  it('ignores a duplicate delivery of the same message', async () => {
    const baraka = sim.learner('+254700000002');
    await baraka.says('hello', 'wamid-1');
    await baraka.says('hello', 'wamid-1');
    expect(baraka.replies()).toHaveLength(1);
  });
});

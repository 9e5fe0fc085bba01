import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { effectActions } from '../../engine/effects.js';
import type { ConversationEvent } from '../../engine/events.js';
import { FlowRegistry, type FlowDefinition } from '../../engine/registry.js';
import { testDatabase, type TestDatabase } from '../harness/db.js';
import { simulate, statePath } from '../harness/simulate.js';
import { keyMessages } from './fixtures/echo-flow.js';

/** A two-step survey whose first state is called `asking` (deploy 1) or `question` (deploy 2). */
function survey(version: number, firstState: string, migrate?: FlowDefinition['migrate']): FlowDefinition {
  const machine = setup({ types: { events: {} as ConversationEvent }, actions: effectActions }).createMachine(
    {
      id: 'survey',
      initial: firstState,
      states: {
        [firstState]: {
          tags: ['awaiting'],
          entry: { type: 'send', params: { key: 'survey.colour' } },
          on: { 'learner.message': { target: 'thanks' } },
        },
        thanks: { tags: ['awaiting'], entry: { type: 'send', params: { key: 'survey.thanks' } } },
      },
    },
  );
  return {
    id: 'survey',
    version,
    description: 'Survey (version tests)',
    machine,
    menuKey: 'survey.menu',
    migrate,
    samples: [],
  };
}

const deploy = (flow: FlowDefinition) => new FlowRegistry([flow], 'survey');

describe('a deploy that changes a flow under a learner', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase('pglite');
  });
  afterAll(() => database?.cleanup());

  async function learnerMidSurvey(phone: string) {
    const before = await simulate({ database, registry: deploy(survey(1, 'asking')), messages: keyMessages });
    await before.learner(phone).says('hi');
    expect(statePath((await before.learner(phone).state())?.state)).toBe('survey.asking');
  }

  it('resets politely when the saved state is gone and no migration is declared, and the learner can go on', async () => {
    await learnerMidSurvey('+254700000041');
    const after = await simulate({
      database,
      registry: deploy(survey(2, 'question')),
      messages: keyMessages,
    });
    const amina = after.learner('+254700000041');
    amina.newReplies();
    await amina.says('blue');
    expect(amina.newReplies()).toEqual(['system.flowUpdated', 'system.menu']);
    expect(statePath((await amina.state())?.state)).toBe('idle');

    await amina.taps('menu:survey');
    expect(amina.newReplies()).toEqual(['survey.colour']);
    await amina.says('blue');
    expect(amina.newReplies()).toEqual(['survey.thanks']);
  });

  it('applies the declared migration, so the learner continues where they were', async () => {
    await learnerMidSurvey('+254700000042');
    const migrate: FlowDefinition['migrate'] = (from, snapshot) =>
      from === 1 && snapshot.value === 'asking' ? { ...snapshot, value: 'question' } : null;
    const after = await simulate({
      database,
      registry: deploy(survey(2, 'question', migrate)),
      messages: keyMessages,
    });
    const baraka = after.learner('+254700000042');
    baraka.newReplies();
    await baraka.says('green');
    expect(baraka.newReplies()).toEqual(['survey.thanks']);
    expect(statePath((await baraka.state())?.state)).toBe('survey.thanks');
  });
});

import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { runActorTurn } from './actor.js';
import { createConversationMachine } from './conversation.js';
import { effectActions, perform } from './effects.js';
import type { ConversationEvent, LearnerProfile } from './events.js';
import { FlowRegistry, type RootCommand } from './registry.js';

/** A flow that waits on one question and asks it again, in the learner's language, when told to. */
const quiz = setup({
  types: { events: {} as ConversationEvent },
  actions: {
    ...effectActions,
    askAgain: perform((_: unknown, event: ConversationEvent) => [
      { type: 'send', params: { key: 'quiz.question', vars: { language: event.learner?.language ?? '?' } } },
    ]),
  },
}).createMachine({
  initial: 'asking',
  states: { asking: { tags: ['awaiting'], on: { 'flow.reprompt': { actions: 'askAgain' } } } },
});

const command = (word: string, run: RootCommand['run']): RootCommand => ({
  id: word.toLowerCase(),
  words: [word],
  run,
});
const registry = new FlowRegistry(
  [{ id: 'quiz', version: 1, description: 'one question', machine: quiz, samples: [] }],
  'quiz',
  {
    commands: [
      command('PROGRESS', () => [{ type: 'send', params: { key: 'progress' } }]),
      command('LUGHA', () => [
        { type: 'updateProfile', params: { language: 'sw' } },
        { type: 'send', params: { key: 'languageSet' } },
      ]),
      command('PICK', () => [{ type: 'send', params: { key: 'pick', buttons: [{ id: 'x', key: 'x' }] } }]),
      command('CLOSE', () => [{ type: 'endFlow', params: {} }]),
    ],
  },
);
const root = createConversationMachine(registry);
const learner: LearnerProfile = {
  phone: '+254700000001',
  name: 'Amina',
  language: 'en',
  timezone: 'Africa/Nairobi',
  learning: {},
};
const says = (text: string): ConversationEvent => ({
  type: 'learner.message',
  message: { kind: 'text', text },
  input: text,
  learner,
  at: '2026-03-02T05:00:00Z',
});

/** A conversation waiting in the quiz, and what one more message does to it. */
async function afterQuizStarted(text: string) {
  const started = await runActorTurn(root, undefined, [says('hi')]);
  const turn = await runActorTurn(root, started.snapshot, [says(text)]);
  return { ...turn, sent: turn.effects.filter((e) => e.type === 'send').map((e) => e.params) };
}

describe('the question after an interruption', () => {
  it('follows a command the root answered, and HELP', async () => {
    expect((await afterQuizStarted('PROGRESS')).sent.map((p) => p.key)).toEqual([
      'progress',
      'quiz.question',
    ]);
    expect((await afterQuizStarted('HELP')).sent.map((p) => p.key)).toEqual(['system.help', 'quiz.question']);
  });
  it('comes in the language the command just set', async () => {
    const { sent } = await afterQuizStarted('LUGHA');
    expect(sent).toEqual([{ key: 'languageSet' }, { key: 'quiz.question', vars: { language: 'sw' } }]);
  });
  it('waits behind a command that asks its own question', async () => {
    expect((await afterQuizStarted('PICK')).sent.map((p) => p.key)).toEqual(['pick']);
  });
  it('is not asked when the command ended the flow, which leaves the conversation at rest', async () => {
    const turn = await afterQuizStarted('CLOSE');
    expect(turn.sent).toEqual([]);
    expect(turn.state).toEqual({ conversation: 'idle' });
    expect(turn.context.flowRun).toBe('none');
  });
});

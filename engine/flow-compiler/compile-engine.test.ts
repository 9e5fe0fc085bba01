import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { welcomeFlow } from '../../flows/welcome.js';
import { runActorTurn } from '../actor.js';
import { createConversationMachine } from '../conversation.js';
import { FlowRegistry } from '../registry.js';
import { compileFlow } from './compile.js';
import type { FlowSpec } from './spec.js';

describe('on the engine actor runner', () => {
  it('a start step hands the learner to the other flow in the same turn', async () => {
    const hop = compileFlow(
      parse(`flow: hop
version: 1
description: Hands over
steps:
  - { name: hello, say: q.hello }
  - { name: go, start: welcome, with: { fromMenu: true } }
`) as FlowSpec,
    );
    const root = createConversationMachine(new FlowRegistry([welcomeFlow, hop], 'hop'));
    const turn = await runActorTurn(root, undefined, [
      { type: 'learner.message', message: { kind: 'text', text: 'hi' }, input: 'hi' },
    ]);
    expect(turn.state).toMatchObject({ flowId: 'welcome', flow: 'askTime' });
    expect(turn.effects.map((effect) => effect.type)).toEqual(['send', 'startFlow', 'send']);
  });
});

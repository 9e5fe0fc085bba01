import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { welcomeFlow } from '../../flows/welcome.js';
import { createFlowRegistry } from '../../flows/index.js';
import { flowDiagram, flowDoc } from './diagram.js';

const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'flows');

describe('flow diagrams', () => {
  it('draw a TypeScript flow: its states, transitions with events and guards, and its waiting states', () => {
    const lines = flowDiagram(welcomeFlow.machine).split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  [*] --> start',
        '  start --> askName',
        '  askName --> askTime : learner.message [isName]',
        '  askTime --> subscribed : learner.message [isTime]',
        '  subscribed --> subscribed : timer.fired [isNudge]',
        '  class askName,askTime,subscribed awaiting',
      ]),
    );
  });

  it('draw a YAML flow: re-asks, the timeout branch, conditions and the end', () => {
    const lines = flowDiagram(createFlowRegistry().get('feedback')!.machine).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  state "end" as end_',
        '  [*] --> rating',
        '  rating --> comment : learner.message [valid answer]',
        '  rating --> rating : learner.message [not valid, re-ask]',
        '  rating --> noRating : learner.message [not valid, no re-asks left]',
        '  comment --> recordRating : timer feedback.comment.timeout',
        '  skipped --> recordRating : [comment in skip, ruka, no, hapana]',
        '  thanks --> end_',
        '  end_ --> [*]',
        '  class rating,comment awaiting',
      ]),
    );
  });

  it('are committed for every registered flow and up to date (npm run flows:diagram)', () => {
    for (const flow of createFlowRegistry().list()) {
      const committed = readFileSync(join(DOCS, `${flow.id}.md`), 'utf8');
      expect(committed, `docs/flows/${flow.id}.md is stale: run npm run flows:diagram`).toBe(flowDoc(flow));
    }
  });
});

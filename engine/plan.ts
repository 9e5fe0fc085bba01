import type { CallServiceParams, SendParams, UpdateProfileParams } from './effects.js';
import type { CollectedEffect } from './actor.js';
import type { Clock, Ids, Learner, Messages, NewTimer, OutboundMessage } from './ports.js';
import { fillLearnerPlaceholders } from '../shared/learner-placeholders.js';
import { dueAt } from './time.js';

export interface TurnPlan {
  outbox: OutboundMessage[];
  timers: { create: NewTimer[]; cancelNames: string[] };
  profile?: UpdateProfileParams;
  services: CallServiceParams[];
}

type Vars = Record<string, string | number>;

/** Lesson and question text in `vars` may hold {{name}} and {{name_suffix}}: filled for this learner. */
function personal(vars: Vars | undefined, name: string): Vars {
  return Object.fromEntries(
    Object.entries(vars ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? fillLearnerPlaceholders(value, name) : value,
    ]),
  );
}

/** Renders a send effect in the learner's language; `{{name}}` is always available. */
export function renderMessage(messages: Messages, learner: Learner, params: SendParams): OutboundMessage {
  const name = learner.name ?? '';
  const vars = { name, ...personal(params.vars, name) };
  const render = (key: string, extra?: Vars) =>
    messages.render(learner.language, key, { ...vars, ...personal(extra, name) });
  const message: OutboundMessage = { text: render(params.key) };
  if (params.buttons?.length)
    message.buttons = params.buttons.map((b) => ({ id: b.id, title: render(b.key, b.vars) }));
  if (params.list) {
    message.list = {
      button: render(params.list.buttonKey),
      rows: params.list.rows.map((row) => ({
        id: row.id,
        title: render(row.key, row.vars),
        ...(row.descriptionKey ? { description: render(row.descriptionKey, row.vars) } : {}),
      })),
    };
  }
  if (params.media)
    message.media = params.media.caption
      ? { ...params.media, caption: fillLearnerPlaceholders(params.media.caption, name) }
      : params.media;
  if (params.template) {
    const variables = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
    message.template = { name: params.template, language: learner.language, variables };
  }
  if (params.afterOptOut) message.afterOptOut = true;
  if (params.fallback) message.fallback = { text: render(params.fallback.key, params.fallback.vars) };
  return message;
}

/**
 * Turns the effects a turn collected into what its transaction writes. Effects apply in the
 * order flows emitted them, so a profile change (say, a new time zone) affects later timers.
 * `timerOwner` is the flow run a timer belongs to, or null when its flow ended in this turn.
 */
export function planTurn(
  effects: CollectedEffect[],
  learner: Learner,
  deps: { messages: Messages; clock: Clock; ids: Ids; timerOwner: (source: string) => string | null },
): TurnPlan {
  const plan: TurnPlan = { outbox: [], timers: { create: [], cancelNames: [] }, services: [] };
  let current = learner;
  for (const effect of effects) {
    switch (effect.type) {
      case 'send':
        plan.outbox.push(renderMessage(deps.messages, current, effect.params));
        break;
      case 'schedule': {
        const flowRun = deps.timerOwner(effect.source);
        if (flowRun === null) break;
        plan.timers.create = plan.timers.create.filter((t) => t.name !== effect.params.name);
        plan.timers.cancelNames.push(effect.params.name);
        plan.timers.create.push({
          id: deps.ids.next(),
          name: effect.params.name,
          flowRun,
          dueAt: dueAt(effect.params, deps.clock.now(), current.timezone),
          payload: effect.params.payload ?? {},
        });
        break;
      }
      case 'cancelTimer':
        plan.timers.create = plan.timers.create.filter((t) => t.name !== effect.params.name);
        plan.timers.cancelNames.push(effect.params.name);
        break;
      case 'updateProfile': {
        const { learning, ...rest } = effect.params;
        plan.profile = {
          ...plan.profile,
          ...rest,
          ...(learning ? { learning: { ...plan.profile?.learning, ...learning } } : {}),
        };
        current = { ...current, ...rest } as Learner;
        break;
      }
      case 'callService':
        plan.services.push(effect.params);
        break;
      case 'startFlow':
      case 'reprompt':
      case 'endFlow':
        break;
    }
  }
  plan.timers.cancelNames = [...new Set(plan.timers.cancelNames)];
  return plan;
}

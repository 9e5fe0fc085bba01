/*
 * The reply to a message that does not answer the question waiting (a quiz or review question): a
 * short word for what the message was (flows/learning/replies.ts), then the question again with its
 * choices, so the learner never has to scroll up to find it. "ok" just brings the question back.
 */
import type { Question } from '../content/types.js';
import type { SendParams } from '../engine/effects.js';
import { ALL_COMMAND_WORDS } from './command-words.js';
import { replyKind, type ReplyKind } from './learning/replies.js';

/** WhatsApp cuts a reply button's title at 20 characters: a longer suggestion goes in the text only. */
const BUTTON_TITLE_MAX = 20;

/** "Did you mean PROGRESS?", with the command as a button when WhatsApp can show it whole. */
export function typoReply(reply: Extract<ReplyKind, { kind: 'typo' }>): SendParams {
  const fits = [...reply.suggestion].length <= BUTTON_TITLE_MAX;
  const button = { id: reply.suggestion, key: 'quiz.option', vars: { answer: reply.suggestion } };
  return {
    key: 'fallback.typo',
    vars: { command: reply.suggestion },
    ...(fits ? { buttons: [button] } : {}),
  };
}

export function notAnAnswer(reply: string, prompt: SendParams, question: Question): SendParams[] {
  const kind = replyKind(reply, ALL_COMMAND_WORDS);
  switch (kind.kind) {
    case 'ok':
      return [prompt];
    case 'typo':
      return [typoReply(kind), prompt];
    case 'question':
      // The flows hand a question to the tutor before this (flows/tutor-question.ts): the question again.
      return [prompt];
    case 'thanks':
    case 'greeting':
      return [{ key: `fallback.${kind.kind}Waiting` }, prompt];
    case 'unknown': {
      const key =
        question.type === 'number'
          ? 'quiz.invalidNumber'
          : question.type === 'text'
            ? 'quiz.invalidText'
            : 'quiz.invalid';
      return [{ key }, prompt];
    }
  }
}

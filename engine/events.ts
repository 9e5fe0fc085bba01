export type MediaType = 'image' | 'audio' | 'video' | 'document';

/** What a learner sent, as every channel adapter normalises it. */
export type InboundMessage =
  | { kind: 'text'; text: string }
  | { kind: 'button'; id: string; title?: string }
  | { kind: 'list'; id: string; title?: string }
  | {
      kind: 'media';
      mediaType: MediaType;
      url: string;
      contentType?: string;
      caption?: string;
      /** Further files sent in the same message (WhatsApp albums), in order. */
      more?: { mediaType: MediaType; url: string; contentType?: string }[];
    }
  | { kind: 'location'; latitude: number; longitude: number; name?: string };

/** An event accepted by `engine.receive()`: a learner message, a fired timer or a system event. */
export type Inbound =
  | {
      type: 'message';
      channel: string;
      providerId: string;
      from: string;
      at: string;
      message: InboundMessage;
      /** The learner's WhatsApp profile as the channel reported it. */
      profile?: { name?: string; waId?: string };
    }
  | { type: 'timer'; timerId: string; userId: string; at: string }
  | {
      type: 'system';
      channel: 'system';
      providerId: string;
      userId: string;
      at: string;
      name: string;
      data?: Record<string, unknown>;
    };

/** The learner as flows see them on every event: who they are and what they chose. */
export interface LearnerProfile {
  phone: string;
  name: string | null;
  language: string;
  timezone: string;
  learning: Record<string, unknown>;
}

/** Events the conversation machines receive; the engine adds `learner` to each before a turn. */
export type LearnerMessageEvent = {
  type: 'learner.message';
  message: InboundMessage;
  /** The text, or the button/list id, trimmed: what guards usually match on. */
  input: string;
  learner?: LearnerProfile;
  /** When the turn runs (ISO instant, the engine's clock): flows compute schedules and streaks from it. */
  at?: string;
};
export type TimerFiredEvent = {
  type: 'timer.fired';
  name: string;
  payload: Record<string, unknown>;
  learner?: LearnerProfile;
  /** When the turn runs (ISO instant, the engine's clock): flows compute schedules and streaks from it. */
  at?: string;
};
export type SystemEvent = {
  type: `system.${string}`;
  data?: Record<string, unknown>;
  learner?: LearnerProfile;
  /** When the turn runs (ISO instant, the engine's clock): flows compute schedules and streaks from it. */
  at?: string;
};
export type FlowStartEvent = {
  type: 'flow.start';
  flow: string;
  input?: Record<string, unknown>;
  learner?: LearnerProfile;
  /** When the turn runs (ISO instant, the engine's clock): flows compute schedules and streaks from it. */
  at?: string;
};
/** The engine asks the running flow to show its pending question again (a `reprompt` effect). */
export type FlowRepromptEvent = {
  type: 'flow.reprompt';
  reason: 'interruption' | 'lessonTime' | 'later';
  /** The learner as this turn's effects left them (a new language or time zone included). */
  learner?: LearnerProfile;
  at?: string;
};
/** The engine ends the running flow (an `endFlow` effect). */
export type FlowEndEvent = { type: 'flow.end'; learner?: LearnerProfile; at?: string };
export type ConversationEvent =
  LearnerMessageEvent | TimerFiredEvent | SystemEvent | FlowStartEvent | FlowRepromptEvent | FlowEndEvent;

export function inputOf(message: InboundMessage): string {
  switch (message.kind) {
    case 'text':
      return message.text.trim();
    case 'button':
    case 'list':
      return message.id;
    case 'media':
      return message.caption?.trim() ?? '';
    case 'location':
      return message.name ?? '';
  }
}

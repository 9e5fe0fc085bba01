import type { OfferedChoice } from '../choices.js';
import type { Effect } from '../effects.js';
import type { LearnerProfile } from '../events.js';
import type { Answer } from './values.js';

/** A choice's options worked out when it is asked: `options: { from: courses }`. */
export type OptionSource = (learner: LearnerProfile) => OfferedChoice[];
/**
 * A value about the learner a flow may use as `{{learner.<name>}}`; undefined when unknown. `input`
 * is what this run was started with (the entry flow gets the learner's first message as `firstMessage`).
 */
export type LearnerValue = (
  learner: LearnerProfile,
  at: Date,
  input: Record<string, unknown>,
) => string | undefined;
/** A final step `finish: <name>`: the flow's answers become effects the root performs as its own. */
export type Finisher = (answers: Record<string, Answer>, learner: LearnerProfile, at: Date) => Effect[];

/** A place a learner names ("Mombasa") as a time zone and the place to show back; null when unknown. */
export type PlaceReader = (text: string) => { zone: string; place: string } | null;

/** What TypeScript gives YAML flows at compile time, by name. */
export interface FlowExtensions {
  optionSources?: Record<string, OptionSource>;
  learnerValues?: Record<string, LearnerValue>;
  finishers?: Record<string, Finisher>;
  /** How `ask: timezone` reads a place (IANA names and their cities when left out). */
  places?: PlaceReader;
}

/** The learner's own fields, always there as `{{learner.<field>}}`. */
export const LEARNER_FIELDS = ['phone', 'name', 'language', 'timezone'] as const;

/** Who a flow sees before any event has told it (an event without a learner, as in the path tests). */
export const UNKNOWN_LEARNER: LearnerProfile = {
  phone: '',
  name: null,
  language: 'en',
  timezone: 'UTC',
  learning: {},
};

/*
 * Reading a learner's stored learning state: upgrade it to the current version, then check it
 * against the schema, filling defaults. Decisions: a stored value that does not fit the schema never
 * stops a turn. A bad entry of a list or map (one review card, one course's progress) is dropped;
 * any other bad field falls back to its default (an optional one is left out); `null` reads as
 * absent (RESUME clears `paused` by writing null). Nothing is logged: flows do no I/O.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { LEARNING_STATE_VERSION, learningStateSchema, type LearningState } from './state.js';

type Stored = Record<string, unknown>;

/**
 * Upgrades in order: `UPGRADES[n]` turns a version-n document into version n + 1. They run on every
 * read, never written back (a write merges top-level fields and does not bump `version`), so an
 * upgrade that reshapes a field must also accept that field already in its new shape. A new
 * upgrade raises `LEARNING_STATE_VERSION` (state.ts) by one.
 */
export const UPGRADES: ((state: Stored) => Stored)[] = [
  // v0, the unversioned `preferences` blob: the same fields, now with a version.
  (v0) => ({ ...v0, version: 1 }),
];

const ajv = new Ajv({ allErrors: true, useDefaults: true });
const check = ajv.compile<LearningState>(learningStateSchema);

const isObject = (value: unknown): value is Stored =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function upgraded(raw: Stored): Stored {
  const stored = raw.version;
  let state = { ...raw };
  const from = typeof stored === 'number' && Number.isInteger(stored) && stored >= 0 ? stored : 0;
  for (const upgrade of UPGRADES.slice(from)) state = upgrade(state);
  return state;
}

/** Whether a field holds a map of like entries (`progress`) rather than a fixed shape. */
const isMapField = (field: string) => {
  const schema = (learningStateSchema.properties as Record<string, { additionalProperties?: unknown }>)[
    field
  ];
  return isObject(schema?.additionalProperties);
};

/** Drops what the errors point at: a list's or map's bad entries, else the whole top-level field. */
function withoutBadParts(state: Stored, errors: ErrorObject[], wholeFields: boolean): void {
  const whole = new Set<string>();
  const entries = new Map<string, Set<string>>();
  for (const error of errors) {
    const [field, entry] = error.instancePath.split('/').slice(1);
    if (field === undefined) continue;
    if (wholeFields || entry === undefined) whole.add(field);
    else entries.set(field, (entries.get(field) ?? new Set()).add(entry));
  }
  for (const field of whole) delete state[field];
  for (const [field, bad] of entries) {
    const value = state[field];
    if (whole.has(field)) continue;
    if (Array.isArray(value)) state[field] = value.filter((_, i) => !bad.has(String(i)));
    else if (isObject(value) && isMapField(field))
      state[field] = Object.fromEntries(Object.entries(value).filter(([key]) => !bad.has(key)));
    else delete state[field];
  }
}

// A turn reads the same document several times, and a read with 200 review cards costs about 20 µs
// (1–4 % of a message's 1.6 ms of CPU): the first read of a document is kept. Readers never change it.
const readBefore = new WeakMap<object, LearningState>();

/** The learning state in a learner's stored document, upgraded and with defaults for what is not there. */
export function learningStateOf(raw: unknown): LearningState {
  if (!isObject(raw)) return read({});
  const known = readBefore.get(raw);
  if (known) return known;
  const state = read(raw);
  readBefore.set(raw, state);
  return state;
}

function read(raw: Stored): LearningState {
  const state = upgraded(raw);
  for (const [field, value] of Object.entries(state)) if (value === null) delete state[field];
  // The first repair drops single bad entries; should that leave errors, whole fields go.
  for (const wholeFields of [false, true]) {
    if (check(state)) return state;
    withoutBadParts(state, check.errors ?? [], wholeFields);
  }
  if (check(state)) return state;
  const fresh: Stored = { version: LEARNING_STATE_VERSION };
  if (check(fresh)) return fresh;
  throw new Error('the learning state schema rejects its own defaults');
}

import {
  runTranscript as runOn,
  runTranscriptFile as runFileOn,
  type RunOptions,
  type TranscriptSpec,
} from '../../adapters/simulator/transcript.js';
import { testDatabase } from './db.js';

export {
  formatResult,
  parseTranscript,
  readTranscript,
  TranscriptError,
  type Mismatch,
  type RunOptions,
  type TranscriptResult,
  type TranscriptSpec,
} from '../../adapters/simulator/transcript.js';

const onTestDatabase = (options: RunOptions): RunOptions => ({
  openDatabase: () => testDatabase(),
  ...options,
});

/** The product transcript runner (adapters/simulator) on the tests' database (PostgreSQL when DATABASE_URL is set). */
export const runTranscript = (spec: TranscriptSpec, options: RunOptions = {}) =>
  runOn(spec, onTestDatabase(options));

export const runTranscriptFile = (file: string, options: RunOptions = {}) =>
  runFileOn(file, onTestDatabase(options));

import { Hono } from 'hono';
import { exportFile, learnerExport } from '../../../db/repositories/learner-export.js';
import { identitiesOf } from '../../../db/repositories/learner-lookup.js';
import {
  profileRepository,
  type LearnerProfileView,
  type ProfileChange,
} from '../../../db/repositories/profile.js';
import type { AppDeps } from '../../deps.js';
import type { AppEnv } from '../env.js';
import { notFound, validationFailed } from '../errors.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateJson, type JSONSchemaType } from '../validate.js';
import { UUID } from './admin-query.js';
import { contentDisposition } from './files.js';
import { LANGUAGES, type Language } from './users.js';

interface ProfileBody {
  name?: string | null;
  language?: Language;
  timezone?: string;
  dailyTime?: string;
  paused?: boolean;
}

// A cast: JSONSchemaType wants every optional field nullable, but only `name` may be cleared with null.
const profileSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', nullable: true, minLength: 1, maxLength: 100 },
    language: { type: 'string', enum: [...LANGUAGES] },
    timezone: { type: 'string', maxLength: 64, normalize: 'timezone' },
    dailyTime: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
    paused: { type: 'boolean' },
  },
  required: [],
  minProperties: 1,
  additionalProperties: false,
  errorMessage: {
    minProperties: 'give at least one of name, language, timezone, dailyTime, paused',
    properties: {
      language: 'must be en (English) or sw (Kiswahili)',
      dailyTime: 'must be a 24-hour time like 07:30',
    },
  },
} as unknown as JSONSchemaType<ProfileBody>;

/** The `:id` path segment: a learner id, or 400. */
function idParam(raw: string): string {
  if (!UUID.test(raw)) throw validationFailed([{ field: '/id', reason: 'must be a learner id (UUID)' }]);
  return raw.toLowerCase();
}

/**
 * `/api/users/:id` (admin token): the learner's profile with their WhatsApp identities (GET, PUT
 * with any of name, language, timezone, dailyTime, paused) and `GET /api/users/:id/export`, the learner's data export as a
 * download, the same document the EXPORT command sends.
 */
export function profileRoutes(deps: AppDeps, options: { now?: () => Date } = {}): Hono<AppEnv> {
  const db = deps.database.db;
  const profiles = profileRepository(db);
  const now = options.now ?? (() => new Date());
  const routes = new Hono<AppEnv>();
  routes.use('*', requireAdmin(deps));

  /** The profile with every name WhatsApp gave the learner (phone, BSUID, parent BSUID, username). */
  const withIdentities = async (profile: LearnerProfileView) => ({
    ...profile,
    identities: await identitiesOf(db, profile.id),
  });

  routes.get('/:id', async (c) => {
    const profile = await profiles.find(idParam(c.req.param('id')));
    if (!profile) throw notFound('learner');
    return c.json(await withIdentities(profile));
  });

  routes.put('/:id', validateJson(profileSchema), async (c) => {
    const id = idParam(c.req.param('id'));
    const profile = await profiles.update(id, c.req.valid('json') satisfies ProfileChange);
    if (!profile) throw notFound('learner');
    return c.json(await withIdentities(profile));
  });

  routes.get('/:id/export', async (c) => {
    const document = await learnerExport(db, idParam(c.req.param('id')), now());
    if (!document) throw notFound('learner');
    const { bytes, filename } = exportFile(document);
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', contentDisposition(filename, 'application/json'));
    c.header('Cache-Control', 'private, no-store');
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  return routes;
}

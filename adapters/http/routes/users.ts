import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { isUniqueViolation } from '../db-errors.js';
import type { AppEnv } from '../env.js';
import { HttpError, notFound, validationFailed } from '../errors.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { isBsuid } from '../../channels/bsuid.js';
import { INVALID_PHONE_REASON, tryNormalizePhone } from '../phone.js';
import { validateJson, type JSONSchemaType } from '../validate.js';

export const LANGUAGES = ['en', 'sw'] as const;
export type Language = (typeof LANGUAGES)[number];

/** `null` for an optional field means "use the default", the same as leaving it out. */
export interface CreateLearnerBody {
  phone: string;
  name?: string | null;
  language?: Language | null;
  timezone?: string | null;
}

const createLearnerSchema: JSONSchemaType<CreateLearnerBody> = {
  type: 'object',
  properties: {
    phone: { type: 'string', minLength: 1, maxLength: 40, normalize: 'phone' },
    name: { type: 'string', nullable: true, minLength: 1, maxLength: 100 },
    language: { type: 'string', nullable: true, enum: [...LANGUAGES, null] },
    timezone: { type: 'string', nullable: true, maxLength: 64, normalize: 'timezone' },
  },
  required: ['phone'],
  additionalProperties: false,
  errorMessage: { properties: { language: 'must be en (English) or sw (Kiswahili)' } },
};

/** The `:phone` path segment as E.164, or 400 naming the expected format. */
export function phoneParam(raw: string): string {
  const phone = tryNormalizePhone(raw);
  if (!phone) throw validationFailed([{ field: '/phone', reason: INVALID_PHONE_REASON }]);
  return phone;
}

/**
 * The `:phone` path segment of the operator routes that read a learner by address: a phone
 * number as E.164, or a BSUID (a learner with a username and no phone: docs/learners.md).
 */
export function addressParam(raw: string): string {
  if (isBsuid(raw)) return raw;
  const phone = tryNormalizePhone(raw);
  if (!phone)
    throw validationFailed([
      { field: '/phone', reason: `${INVALID_PHONE_REASON}, or a BSUID like KE.1502576394655843` },
    ]);
  return phone;
}

const phoneTaken = () => new HttpError(409, 'conflict', 'a learner with this phone number already exists');

/**
 * Learner management for operators: every route here needs the admin JWT. Learners themselves
 * register by messaging the bot; the web simulator goes through the console channel instead.
 */
export function usersRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const users = usersRepository(deps.database.db);
  routes.use('*', requireAdmin(deps));

  routes.post('/', validateJson(createLearnerSchema), async (c) => {
    const body = c.req.valid('json');
    if (await users.findByPhone(body.phone)) throw phoneTaken();
    try {
      const user = await users.create({
        phone: body.phone,
        name: body.name ?? undefined,
        language: body.language ?? undefined,
        timezone: body.timezone ?? undefined,
      });
      c.set('audit', { action: 'learner.created', subject: `learner:${user.id}`, after: body });
      return c.json(user, 201);
    } catch (err) {
      // Another request registered the same phone between our check and the insert.
      if (isUniqueViolation(err)) throw phoneTaken();
      throw err;
    }
  });

  routes.get('/:phone', async (c) => {
    const user = await users.findByPhone(addressParam(c.req.param('phone')));
    if (!user) throw notFound('learner');
    return c.json(user);
  });

  return routes;
}

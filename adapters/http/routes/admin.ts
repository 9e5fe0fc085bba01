import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { loginThrottle } from '../../auth/login-throttle.js';
import { hashPassword, verifyPassword } from '../../auth/password.js';
import { issueAdminToken } from '../../auth/token.js';
import { adminsRepository } from '../../../db/repositories/admins.js';
import { learnersNamed } from '../../../db/repositories/learner-lookup.js';
import { usersRepository } from '../../../db/repositories/users.js';
import { clientAddress } from '../client-address.js';
import type { AppEnv } from '../env.js';
import { HttpError, validationFailed } from '../errors.js';
import { requireAdmin } from '../middleware/require-admin.js';
import { validateJson, validateQuery, type JSONSchemaType } from '../validate.js';
import { LEARNER_NAME_REASON, learnerNameOf, UUID } from './admin-query.js';

interface LoginBody {
  email: string;
  password: string;
}

const loginSchema: JSONSchemaType<LoginBody> = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
  required: ['email', 'password'],
  additionalProperties: false,
};

interface UsersQuery {
  limit: number;
  offset: number;
  /** A learner id, phone number, BSUID or username: only the learners it names. */
  q?: string | null;
}

const usersQuerySchema: JSONSchemaType<UsersQuery> = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
    q: { type: 'string', nullable: true, minLength: 1, maxLength: 200 },
  },
  required: ['limit', 'offset'],
  additionalProperties: false,
};

const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'email or password is incorrect');

/**
 * `/admin/api`: POST /login is the only route answered without a token; it is throttled per
 * address and per email (see login-throttle.ts), answering 429 with Retry-After, the same for
 * every email. It is registered before
 * the guard, so the guard (which covers every later `/admin/api/*` route, including ones mounted
 * by other modules) never sees it.
 */
export function adminRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const admins = adminsRepository(deps.database.db);
  const users = usersRepository(deps.database.db);
  const throttle = loginThrottle(deps.cache);
  let decoyHash: Promise<string> | undefined;

  routes.post('/api/login', validateJson(loginSchema), async (c) => {
    const { email, password } = c.req.valid('json');
    const verdict = await throttle.attempt(clientAddress(c), email);
    if (!verdict.allowed) {
      const seconds = verdict.retryAfterSeconds;
      const message = `too many sign-in attempts: try again in ${seconds} s`;
      const error = { code: 'rate_limited', message, requestId: c.get('requestId') };
      return c.json({ error }, 429, { 'Retry-After': String(seconds) });
    }
    const admin = await admins.findByEmail(email);
    // An unknown email still costs one scrypt, so timing does not reveal which emails exist.
    decoyHash ??= hashPassword(randomUUID());
    const matches = await verifyPassword(password, admin?.passwordHash ?? (await decoyHash));
    if (!admin || !matches) throw invalidCredentials();
    await throttle.succeeded(email);
    await admins.recordLogin(admin.id);
    const { token, expiresAt } = await issueAdminToken(deps.config.jwt, admin);
    return c.json({ token, expiresAt: expiresAt.toISOString() });
  });

  routes.use('/api/*', requireAdmin(deps));

  routes.get('/api/me', async (c) => {
    const admin = await admins.findById(c.get('admin').id);
    if (!admin) throw new HttpError(401, 'unauthorized', 'token belongs to an admin that no longer exists');
    return c.json({ id: admin.id, email: admin.email, role: admin.role });
  });

  routes.get('/api/users', validateQuery(usersQuerySchema), async (c) => {
    const { limit, offset, q } = c.req.valid('query');
    if (!q) return c.json({ users: await users.list({ limit, offset }), limit, offset });
    const name = UUID.test(q) ? undefined : learnerNameOf(q);
    if (!UUID.test(q) && !name) throw validationFailed([{ field: '/q', reason: LEARNER_NAME_REASON }]);
    const ids = name ? await learnersNamed(deps.database.db, name) : [q.toLowerCase()];
    const found = await Promise.all(ids.slice(offset, offset + limit).map((id) => users.findById(id)));
    return c.json({ users: found.filter((user) => user !== undefined), limit, offset });
  });

  return routes;
}

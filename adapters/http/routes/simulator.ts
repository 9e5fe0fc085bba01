import type { Hono } from 'hono';
import type { ConsoleChannel } from '../../channels/console.js';
import type { DatabaseHandle } from '../../../db/client.js';
import { usersRepository } from '../../../db/repositories/users.js';
import type { Engine } from '../../../engine/engine.js';
import type { AppEnv } from '../env.js';
import { notFound, validationFailed } from '../errors.js';
import { loadSimulatorAssets } from '../simulator/assets.js';
import { phoneParam } from './users.js';
import { statePath } from '../../../engine/state-path.js';

export interface SimulatorDeps {
  engine: Engine;
  channel: ConsoleChannel;
  database: DatabaseHandle;
}

/** The learner's state as the simulator shows it, e.g. `welcome.askName`, `idle`, `stopped`. */
export interface LearnerStateView {
  phone: string;
  userId: string;
  timezone: string;
  language: string;
  status: string;
  state: string;
  turn: number;
  detail: { conversation: unknown; flow?: unknown; flowId?: string };
}

/**
 * GET /simulator: a WhatsApp-like chat page on the console channel (its HTML, CSS and JS under
 * /simulator/assets), and GET /bot/console/state?phone= for its state panel.
 */
export function mountSimulator(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const assets = loadSimulatorAssets();
  const users = usersRepository(deps.database.db);
  const noCache = { 'cache-control': 'no-store' };

  app.get('/simulator', (c) => c.html(assets.html, 200, noCache));
  app.get('/simulator/assets/simulator.css', (c) =>
    c.body(assets.css, 200, { ...noCache, 'content-type': 'text/css; charset=utf-8' }),
  );
  app.get('/simulator/assets/simulator.js', (c) =>
    c.body(assets.js, 200, { ...noCache, 'content-type': 'text/javascript; charset=utf-8' }),
  );

  app.get('/bot/console/state', async (c) => {
    const raw = c.req.query('phone');
    if (!raw)
      throw validationFailed([
        { field: '/phone', reason: 'query parameter is required, like ?phone=%2B254712345678' },
      ]);
    const phone = phoneParam(raw);
    const user = await users.findByPhone(phone);
    const inspected = user ? await deps.engine.inspect(user.id) : null;
    if (!user || !inspected) throw notFound('learner');
    const view: LearnerStateView = {
      phone,
      userId: user.id,
      timezone: user.timezone,
      language: user.language,
      status: user.status,
      state: statePath(inspected.state),
      turn: inspected.turn,
      detail: inspected.state,
    };
    return c.json(view);
  });
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { DashboardEnv } from './env.js';

const require = createRequire(import.meta.url);

/** The dashboard's static files, read once at start: our stylesheet and script, and htmx from node_modules. */
export function assetRoutes(): Hono<DashboardEnv> {
  const own = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  const files = {
    'dashboard.css': { body: own('dashboard.css'), type: 'text/css; charset=utf-8' },
    'dashboard.js': { body: own('dashboard.js'), type: 'text/javascript; charset=utf-8' },
    'htmx.min.js': {
      body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'),
      type: 'text/javascript; charset=utf-8',
    },
  } as const;
  const routes = new Hono<DashboardEnv>();
  for (const [name, file] of Object.entries(files))
    routes.get(`/assets/${name}`, (c) =>
      c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'public, max-age=300' }),
    );
  return routes;
}

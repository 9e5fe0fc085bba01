import type { Context } from 'hono';
import type { DashboardEnv } from './env.js';
import type { Viewer } from './pages/layout.js';

/** Who is signed in, for the page layout (set by dashboardSession). */
export const viewerOf = (c: Context<DashboardEnv>): Viewer => ({
  email: c.get('adminEmail'),
  role: c.get('admin').role,
  csrfToken: c.get('csrfToken'),
});

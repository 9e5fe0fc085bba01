import type { AppEnv } from '../http/env.js';

/** The dashboard's context: the app's, plus what the session middleware sets for pages. */
export interface DashboardEnv {
  Variables: AppEnv['Variables'] & {
    adminEmail: string;
    /** The session's CSRF token, put in every form and in the page's meta tag for htmx. */
    csrfToken: string;
  };
}

import type { Child } from 'hono/jsx';

export interface Viewer {
  email: string;
  role: string;
  csrfToken: string;
}

/** The dashboard's sections, in the order the navigation shows them. */
const SECTIONS = [
  ['overview', '/admin', 'Overview'],
  ['learners', '/admin/learners', 'Learners'],
  ['content', '/admin/content', 'Content'],
  ['analytics', '/admin/analytics', 'Analytics'],
  ['payments', '/admin/payments', 'Payments'],
  ['bulk', '/admin/bulk', 'Bulk messages'],
  ['system', '/admin/system', 'System'],
  ['audit', '/admin/audit', 'Audit log'],
] as const;
export type Section = (typeof SECTIONS)[number][0];

interface LayoutProps {
  title: string;
  /** Who is signed in; the sign-in page has no one. */
  viewer?: Viewer;
  /** The nav entry to mark as the current page. */
  current?: Section;
  children: Child;
}

// htmx would otherwise add an inline <style>, which the page's CSP refuses.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false, historyCacheSize: 0 });

/** Every dashboard page: skip link, banner with navigation and sign-out, one main landmark. */
export function Layout({ title, viewer, current, children }: LayoutProps) {
  const links = SECTIONS.map(([name, href, label]) => (
    <a href={href} aria-current={current === name ? 'page' : undefined}>
      {label}
    </a>
  ));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · LearnLoop admin`}</title>
        <meta name="htmx-config" content={HTMX_CONFIG} />
        {viewer && <meta name="csrf-token" content={viewer.csrfToken} />}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/admin/assets/dashboard.css" />
        <script src="/admin/assets/htmx.min.js" defer></script>
        <script src="/admin/assets/dashboard.js" defer></script>
      </head>
      <body hx-boost={viewer ? 'true' : undefined}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="banner">
          <span class="brand">LearnLoop admin</span>
          {viewer && <nav aria-label="Main">{links}</nav>}
          {viewer && (
            <form method="post" action="/admin/logout" class="signout">
              <input type="hidden" name="_csrf" value={viewer.csrfToken} />
              <span class="who">
                {viewer.email} <span class="role">({viewer.role})</span>
              </span>
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
